import { pgTable, text, varchar } from 'drizzle-orm/pg-core';

/** A pooling area (统筹区), named by its GB/T 2260 region code. */
export const regions = pgTable('regions', {
  code: varchar('code', { length: 6 }).primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  province: text('province').notNull(),
});
