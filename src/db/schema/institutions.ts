import { boolean, date, index, integer, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { createdAt, moneyColumn, regionCode } from './common.js';
import { regions } from './regions.js';

/** 定点医药机构 (designated institution): hospital, primary care or pharmacy. */
export const institutions = pgTable(
  'institutions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 12 }).notNull().unique(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 14 }).notNull(),
    level: integer('level'),
    ownership: varchar('ownership', { length: 10 }).notNull(),
    regionCode: regionCode().notNull().references(() => regions.code),
    agreementStatus: varchar('agreement_status', { length: 12 }).notNull(),
    paymentMethod: varchar('payment_method', { length: 16 }).notNull(),
    crossProvinceLinked: boolean('cross_province_linked').notNull(),
    /** Designated for 双通道 (dual-channel) negotiated drugs. */
    dualChannel: boolean('dual_channel').notNull().default(false),
    creditScore: integer('credit_score').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('institutions_region_id_idx').on(t.regionCode, t.id)],
);

export const institutionViolations = pgTable(
  'institution_violations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    institutionId: integer('institution_id').notNull().references(() => institutions.id),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    description: text('description').notNull(),
    pointsDeducted: integer('points_deducted').notNull(),
  },
  (t) => [index('violations_institution_idx').on(t.institutionId)],
);

/** 医保药品目录 entry, national 23/20-character drug code. */
export const drugs = pgTable('drugs', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  code: varchar('code', { length: 23 }).notNull().unique(),
  name: text('name').notNull(),
  dosageForm: text('dosage_form').notNull(),
  itemClass: varchar('item_class', { length: 1 }).notNull(),
  dualChannel: boolean('dual_channel').notNull(),
  negotiated: boolean('negotiated').notNull(),
  volumeProcurement: boolean('volume_procurement').notNull(),
  specialDrug: boolean('special_drug').notNull(),
  unitPrice: moneyColumn('unit_price', { mode: 'number' }).notNull(),
});
