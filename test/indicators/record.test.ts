/**
 * recordIndicatorObservation: MEDICAL_SECURITY or a lead department of the indicator, in its own
 * regions; everyone else FORBIDDEN with nothing written. Idempotent per client and year.
 */
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { auditLog, indicatorObservations, indicators } from '../../src/db/schema/index.js';
import { isLeadDepartment, mayRecordObservation } from '../../src/indicators/lead-departments.js';
import { codes, startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.close());

const RECORD = `mutation Record($input: RecordIndicatorObservationInput!) {
  recordIndicatorObservation(input: $input) {
    __typename
    ... on RecordIndicatorObservationPayload {
      indicator { code status observations { year valueText value recordedBy } }
      observation { year valueText value recordedBy source { file } }
    }
    ... on UserError { code message }
    ... on InputError { field }
    ... on NotFoundError { notFoundField: field }
  }
}`;

async function observationCount(code: string): Promise<number> {
  const [row] = await hub.db.database.db
    .select({ n: count() })
    .from(indicatorObservations)
    .innerJoin(indicators, eq(indicators.id, indicatorObservations.indicatorId))
    .where(eq(indicators.code, code));
  return row!.n;
}

async function auditCount(): Promise<number> {
  const [row] = await hub.db.database.db.select({ n: count() }).from(auditLog).where(like(auditLog.operation, '%recordIndicatorObservation'));
  return row!.n;
}

const input = (indicatorCode: string, extra: Record<string, unknown> = {}) => ({ indicatorCode, year: 2024, valueText: '97.5%', value: 97.5, ...extra });

describe('who may record an observation', () => {
  // [role, scope, indicator, allowed]
  const matrix: [Role, Scope, string, boolean][] = [
    ['MEDICAL_SECURITY', { regions: ['320600'] }, 'NT-01', true], // no lead departments: only 医保
    ['MEDICAL_SECURITY', { regions: ['320100', '350300'] }, 'NT-01', false], // not its region
    ['TAX', { regions: ['350300'] }, 'PT-01', true], // 市医保局, 市税务局
    ['TAX', { regions: ['350300'] }, 'PT-04', false], // 市医保局 only
    ['TAX', { regions: ['320600'] }, 'NT-02', false], // Nantong names no lead department
    ['TAX', { regions: ['421000'] }, 'JZ-03', true], // 医保, 税务
    ['HEALTH', { regions: ['350300'] }, 'PT-08', true], // 市医保局, 市卫健委
    ['HEALTH', { regions: ['421000'] }, 'JZ-04', true], // 医保, 卫健
    ['HEALTH', { regions: ['320600'] }, 'PT-08', false], // lead department, but not its region
    ['CIVIL_AFFAIRS', { regions: ['421000'] }, 'JZ-02', true], // 医保, 民政, 乡村振兴, 卫健, 退役军人事务, 残联
    ['CIVIL_AFFAIRS', { regions: ['421000'] }, 'JZ-01', false],
    ['CIVIL_AFFAIRS', { regions: ['350300'] }, 'JZ-02', false],
    ['INSURER', { insurer: 'PICC' }, 'NT-01', false],
    ['INSTITUTION', { institution: 'H32060200001' }, 'NT-01', false],
  ];

  it.each(matrix)('%s %j on %s → allowed: %s', async (role, scope, code, allowed) => {
    const before = await observationCount(code);
    const audits = await auditCount();
    const res = await hub.as(role, { ...scope, clientId: `${role.toLowerCase()}-${code}` })(RECORD, { input: input(code) });
    if (allowed) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordIndicatorObservation).toMatchObject({
        __typename: 'RecordIndicatorObservationPayload',
        observation: { year: 2024, valueText: '97.5%', value: 97.5, recordedBy: `${role}:${role.toLowerCase()}-${code}`, source: null },
        indicator: { code },
      });
      expect(await observationCount(code)).toBe(before + 1);
      expect(await auditCount()).toBe(audits + 1);
    } else {
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data?.recordIndicatorObservation).toBeNull();
      expect(await observationCount(code)).toBe(before);
      expect(await auditCount()).toBe(audits);
    }
  });

  it('refuses anonymous writes before anything runs', async () => {
    const res = await hub.anonymous()(RECORD, { input: input('NT-01') });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('matches lead departments by the names the documents use', () => {
    expect(isLeadDepartment('HEALTH', ['市卫健委'])).toBe(true);
    expect(isLeadDepartment('HEALTH', ['市卫生健康委员会'])).toBe(true);
    expect(isLeadDepartment('TAX', ['市税务局'])).toBe(true);
    expect(isLeadDepartment('CIVIL_AFFAIRS', ['医保', '民政'])).toBe(true);
    expect(isLeadDepartment('TAX', ['市医保局'])).toBe(false);
    expect(isLeadDepartment('INSURER', ['市医保局', '市税务局', '市卫健委', '民政'])).toBe(false);
    expect(isLeadDepartment('INSTITUTION', ['医保'])).toBe(false);
    const p = { clientId: 'c', role: 'INSURER' as const, regions: ['350300'], insurerCode: 'PICC', institutionCode: null };
    expect(mayRecordObservation(p, { regionCode: '350300', leadDepartments: ['市医保局'] })).toBe(false);
  });
});

describe('recording', () => {
  const ms = () => hub.as('MEDICAL_SECURITY', { regions: ['320600', '320100'], clientId: 'ms-app' });

  it('replaces the same client’s figure for the same year, and keeps other clients’ figures', async () => {
    const first = await ms()(RECORD, { input: input('NT-12', { year: 2025, valueText: '88%', value: 88 }) });
    expect(first.data!.recordIndicatorObservation.observation).toMatchObject({ valueText: '88%', value: 88 });
    const again = await ms()(RECORD, { input: input('NT-12', { year: 2025, valueText: '91%', value: 91 }) });
    expect(again.errors).toBeUndefined();
    const rows = await hub.db.database.db
      .select()
      .from(indicatorObservations)
      .innerJoin(indicators, eq(indicators.id, indicatorObservations.indicatorId))
      .where(and(eq(indicators.code, 'NT-12'), eq(indicatorObservations.year, 2025)));
    expect(rows.map((r) => [r.indicator_observations.valueText, r.indicator_observations.recordedBy])).toEqual([['91%', 'MEDICAL_SECURITY:ms-app']]);

    await hub.as('MEDICAL_SECURITY', { regions: ['320600'], clientId: 'ms-frontend' })(RECORD, { input: input('NT-12', { year: 2025, valueText: '90%', value: 90 }) });
    expect(await observationCount('NT-12')).toBe(2);
  });

  it('returns the indicator with its status for the recorded year, judged on the new figure', async () => {
    // 满意率 ≥ 90 %, no baseline: 91 % in 2025 meets it
    const met = await ms()(RECORD, { input: input('NT-12', { year: 2025, valueText: '91%', value: 91 }) });
    expect(met.data!.recordIndicatorObservation.indicator.status).toBe('MET');
    // a qualitative target is met on an observation that says so
    const words = await ms()(RECORD, { input: input('NJ-22', { year: 2025, valueText: '已普遍应用', value: null }) });
    expect(words.errors).toBeUndefined();
    expect(words.data!.recordIndicatorObservation).toMatchObject({
      indicator: { code: 'NJ-22', status: 'MET', observations: [{ year: 2025, valueText: '已普遍应用', value: null }] },
    });
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [input('NT-01', { year: 1999 }), 'input.year'],
      [input('NT-01', { year: 2101 }), 'input.year'],
      [input('NT-01', { valueText: '' }), 'input.valueText'],
      [input('NT-01', { valueText: '   ' }), 'input.valueText'],
      [input('NT-01', { valueText: '很'.repeat(201) }), 'input.valueText'],
      [input('NT-01', { value: 1e10 }), 'input.value'],
      [input('NT-01', { value: -1e10 }), 'input.value'],
      [input('nt 01'), 'input.indicatorCode'],
      [input(''), 'input.indicatorCode'],
    ];
    const before = await observationCount('NT-01');
    for (const [bad, field] of cases) {
      const res = await ms()(RECORD, { input: bad });
      expect(res.errors, field).toBeUndefined();
      expect(res.data!.recordIndicatorObservation, JSON.stringify(bad)).toMatchObject({ __typename: 'InputError', code: 'BAD_USER_INPUT', field });
    }
    expect(await observationCount('NT-01')).toBe(before);
  });

  it('accepts a 200-character figure and year bounds', async () => {
    for (const year of [2000, 2100]) {
      const res = await ms()(RECORD, { input: input('NT-08', { year, valueText: '很'.repeat(200), value: null }) });
      expect(res.data!.recordIndicatorObservation.__typename, String(year)).toBe('RecordIndicatorObservationPayload');
    }
  });

  it('reports an unknown indicator as not found', async () => {
    const res = await ms()(RECORD, { input: input('NT-99') });
    expect(res.data!.recordIndicatorObservation).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', notFoundField: 'input.indicatorCode' });
  });
});
