import { createHash } from 'node:crypto';
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { assertFilterable } from '../auth/filters.js';
import { prescriptionScope } from '../auth/scope.js';
import { institutions, prescriptions } from '../db/schema/index.js';
import { keyset, pageWindow, toConnection, type PageArgs } from '../graphql/pagination.js';
import { assertKnownRegions } from '../people/service.js';
import { principalOf, type Context } from '../server/context.js';
import { badInput } from '../server/errors.js';
import type { PrescriptionRow } from './loaders.js';

export const PRESCRIPTION_CODE = /^[A-Z0-9]{8,32}$/;
const ICD10 = /^[A-Z]\d{2}\.\d{3}$/;

export function pickupCodeHash(code: string, pickupCode: string): string {
  return createHash('sha256').update(`${code}:${pickupCode}`).digest('hex');
}

export interface PrescriptionFilterShape {
  region?: string[] | null;
  status?: string | null;
  issuerCode?: string | null;
  dispenserCode?: string | null;
  diagnosisCode?: string | null;
  issuedFrom?: string | null;
  issuedTo?: string | null;
}

export async function listPrescriptions(ctx: Context, filter: PrescriptionFilterShape, args: PageArgs) {
  const window = pageWindow(args);
  if (filter.region) assertKnownRegions(ctx, filter.region, 'filter.region');
  if (filter.diagnosisCode) {
    assertFilterable(ctx, 'Prescription', { diagnosisCode: 'diagnosis' });
    if (!ICD10.test(filter.diagnosisCode)) throw badInput('filter.diagnosisCode', 'ICD-10 医保版 code like J18.900');
  }
  const institutionId = (code: string, field: string) => {
    if (!/^[HP]\d{11}$/.test(code)) throw badInput(field, 'Institution code is H or P followed by 11 digits');
    return sql`(select ${institutions.id} from ${institutions} where ${institutions.code} = ${code})`;
  };
  const conditions: (SQL | undefined)[] = [
    prescriptionScope(principalOf(ctx), ctx.now),
    filter.region?.length ? inArray(prescriptions.regionCode, filter.region) : undefined,
    filter.status ? eq(prescriptions.status, filter.status) : undefined,
    filter.issuerCode ? eq(prescriptions.issuerId, institutionId(filter.issuerCode, 'filter.issuerCode')) : undefined,
    filter.dispenserCode ? eq(prescriptions.dispenserId, institutionId(filter.dispenserCode, 'filter.dispenserCode')) : undefined,
    filter.diagnosisCode ? eq(prescriptions.diagnosisCode, filter.diagnosisCode) : undefined,
    filter.issuedFrom ? gte(prescriptions.issuedAt, new Date(`${filter.issuedFrom}T00:00:00Z`)) : undefined,
    filter.issuedTo ? lte(prescriptions.issuedAt, new Date(`${filter.issuedTo}T23:59:59.999Z`)) : undefined,
  ];
  const page = keyset(prescriptions.id, window);
  const rows = await ctx.db.select().from(prescriptions).where(and(...conditions, page.where)).orderBy(page.orderBy).limit(page.limit);
  return toConnection(rows, window, (r) => r.id);
}

/**
 * A prescription by code. A pharmacy may also reach one presented to it for dispensing: the
 * patient shows the pickup code (取药码), which only the patient and the issuer know.
 */
export async function findPrescription(ctx: Context, code: string, pickupCode: string | null): Promise<PrescriptionRow | null> {
  if (!PRESCRIPTION_CODE.test(code)) throw badInput('code', 'Prescription code is 8–32 upper-case letters or digits');
  const p = principalOf(ctx);
  const presented =
    p.role === 'INSTITUTION' && pickupCode
      ? and(eq(prescriptions.pickupCodeHash, pickupCodeHash(code, pickupCode)), eq(prescriptions.status, 'ISSUED'))
      : undefined;
  const scope = presented ? sql`(${prescriptionScope(p, ctx.now)} or ${presented})` : prescriptionScope(p, ctx.now);
  const [row] = await ctx.db.select().from(prescriptions).where(and(eq(prescriptions.code, code), scope));
  return row ?? null;
}
