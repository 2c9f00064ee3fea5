import { boolean, date, index, integer, pgTable, text, unique, varchar } from 'drizzle-orm/pg-core';
import { createdAt, moneyColumn, regionCode } from './common.js';
import { regions } from './regions.js';

/** 参保人 (insured person). */
export const persons = pgTable(
  'persons',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    idNumber: varchar('id_number', { length: 18 }).notNull().unique(),
    name: text('name').notNull(),
    gender: varchar('gender', { length: 6 }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    regionCode: regionCode().notNull().references(() => regions.code),
    phone: varchar('phone', { length: 20 }),
    createdAt: createdAt(),
  },
  (t) => [index('persons_region_id_idx').on(t.regionCode, t.id)],
);

/** One enrollment per person and year: 职工 (EMPLOYEE) or 居民 (RESIDENT) basic insurance. */
export const enrollments = pgTable(
  'enrollments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    personId: integer('person_id').notNull().references(() => persons.id),
    regionCode: regionCode().notNull().references(() => regions.code),
    year: integer('year').notNull(),
    scheme: varchar('scheme', { length: 10 }).notNull(),
    status: varchar('status', { length: 12 }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    contributionBase: moneyColumn('contribution_base', { mode: 'number' }),
    /** 资助参保: the premium paid by medical assistance for a recipient. */
    subsidized: boolean('subsidized').notNull().default(false),
    subsidyAmount: moneyColumn('subsidy_amount', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [unique('enrollments_person_year_key').on(t.personId, t.year), index('enrollments_region_year_person_idx').on(t.regionCode, t.year, t.personId, t.status, t.scheme)],
);

/** A contribution (缴费) collected by the tax bureau; idempotent on (person, period, payer). */
export const contributions = pgTable(
  'contributions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    personId: integer('person_id').notNull().references(() => persons.id),
    period: varchar('period', { length: 7 }).notNull(),
    payer: varchar('payer', { length: 20 }).notNull(),
    amount: moneyColumn('amount', { mode: 'number' }).notNull(),
    paidDate: date('paid_date', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('contributions_person_period_payer_key').on(t.personId, t.period, t.payer)],
);

/** 医疗救助对象: a medical-assistance recipient category certified by civil affairs for a period. */
export const assistanceRecipients = pgTable(
  'assistance_recipients',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    personId: integer('person_id').notNull().references(() => persons.id),
    category: varchar('category', { length: 20 }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    certifyingOffice: text('certifying_office').notNull(),
    endReason: text('end_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('assistance_person_idx').on(t.personId)],
);
