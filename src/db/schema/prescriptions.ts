import { index, integer, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { createdAt, moneyColumn, regionCode } from './common.js';
import { drugs, institutions } from './institutions.js';
import { persons } from './people.js';
import { regions } from './regions.js';

/** 电子处方 (electronic prescription) and its circulation state. */
export const prescriptions = pgTable(
  'prescriptions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 32 }).notNull().unique(),
    personId: integer('person_id').notNull().references(() => persons.id),
    regionCode: regionCode().notNull().references(() => regions.code),
    issuerId: integer('issuer_id').notNull().references(() => institutions.id),
    dispenserId: integer('dispenser_id').references(() => institutions.id),
    diagnosisCode: varchar('diagnosis_code', { length: 16 }).notNull(),
    diagnosisName: text('diagnosis_name').notNull(),
    status: varchar('status', { length: 10 }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true, mode: 'date' }).notNull(),
    dispensedAt: timestamp('dispensed_at', { withTimezone: true, mode: 'date' }),
    /** Only a hash of the 取药码 (pickup code) is kept; the code itself is returned once at issue. */
    pickupCodeHash: varchar('pickup_code_hash', { length: 64 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('prescriptions_issuer_id_idx').on(t.issuerId, t.id),
    index('prescriptions_dispenser_id_idx').on(t.dispenserId, t.id),
    index('prescriptions_person_idx').on(t.personId),
    index('prescriptions_region_id_idx').on(t.regionCode, t.id),
  ],
);

export const prescriptionItems = pgTable(
  'prescription_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    prescriptionId: integer('prescription_id').notNull().references(() => prescriptions.id),
    drugId: integer('drug_id').notNull().references(() => drugs.id),
    quantity: integer('quantity').notNull(),
    unitPrice: moneyColumn('unit_price', { mode: 'number' }).notNull(),
    amount: moneyColumn('amount', { mode: 'number' }).notNull(),
    usage: text('usage').notNull(),
  },
  (t) => [index('prescription_items_prescription_idx').on(t.prescriptionId)],
);

export const prescriptionEvents = pgTable(
  'prescription_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    prescriptionId: integer('prescription_id').notNull().references(() => prescriptions.id),
    status: varchar('status', { length: 10 }).notNull(),
    institutionId: integer('institution_id').references(() => institutions.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    note: text('note'),
  },
  (t) => [index('prescription_events_prescription_idx').on(t.prescriptionId)],
);

/** 药品追溯码: one per dispensed unit, usable once across the hub (the primary key enforces it). */
export const drugTraceCodes = pgTable('drug_trace_codes', {
  code: varchar('code', { length: 40 }).primaryKey(),
  prescriptionId: integer('prescription_id').notNull().references(() => prescriptions.id),
  institutionId: integer('institution_id').notNull().references(() => institutions.id),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }).notNull(),
});
