import { index, integer, numeric, pgTable, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { regionCode } from './common.js';
import { regions } from './regions.js';

const value = (name: string) => numeric(name, { precision: 14, scale: 4, mode: 'number' });

/** A Five-Year-Plan indicator (十四五 主要指标) with its baseline and target as written and parsed. */
export const indicators = pgTable(
  'indicators',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: varchar('code', { length: 16 }).notNull().unique(),
    regionCode: regionCode().notNull().references(() => regions.code),
    metric: varchar('metric', { length: 48 }),
    category: text('category'),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    unit: text('unit'),
    baselineYear: integer('baseline_year'),
    baselineText: text('baseline_text'),
    baselineValue: value('baseline_value'),
    targetYear: integer('target_year'),
    targetText: text('target_text'),
    targetValue: value('target_value'),
    targetValueHigh: value('target_value_high'),
    comparison: varchar('comparison', { length: 12 }).notNull(),
    attribute: varchar('attribute', { length: 10 }),
    leadDepartments: text('lead_departments').array().notNull(),
    sourceFile: text('source_file').notNull(),
    sourceTable: text('source_table').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('indicators_region_idx').on(t.regionCode, t.position)],
);

export const indicatorObservations = pgTable(
  'indicator_observations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    indicatorId: integer('indicator_id').notNull().references(() => indicators.id),
    year: integer('year').notNull(),
    valueText: text('value_text').notNull(),
    value: value('value'),
    sourceFile: text('source_file'),
    sourceTable: text('source_table'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [unique('indicator_observations_key').on(t.indicatorId, t.year, t.recordedBy)],
);
