import { timestamp, varchar } from 'drizzle-orm/pg-core';

export const regionCode = (name = 'region_code') => varchar(name, { length: 6 });
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
/** Money is integer fen (分); bigint keeps a year of a city's totals inside range, read back as number. */
export { bigint as moneyColumn } from 'drizzle-orm/pg-core';
