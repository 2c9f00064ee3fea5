/**
 * The public `indicators(region, year)` read: every city's table in order with targets, live
 * values and status, the same answer for every caller, anonymous included, and its errors.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorSeeds } from '../../seeds/indicators.js';
import { createHubApp } from '../../src/server/app.js';
import { codes, runner, startHub, type TestHub } from '../helpers/hub.js';
import { INDICATORS, Y, type IndicatorResult } from './data.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.close());

const FULL = `query($region: String!, $year: Int) {
  indicators(region: $region, year: $year) {
    code region { code } name nameEn category unit baselineYear baselineText baselineValue
    targetYear targetText targetValue targetValueHigh comparison attribute leadDepartments source { file table }
    observations { year valueText value source { file table } recordedBy recordedAt }
    measurability measurabilityNote live { value asOf numerator denominator suppressed } status
  }
}`;

describe('indicators(region, year)', () => {
  it.each([
    ['320600', 12],
    ['350300', 14],
    ['421000', 15],
    ['320100', 56],
  ])('lists all %s indicators in table order with their targets, live values and status', async (region, n) => {
    const res = await hub.anonymous()<{ indicators: any[] }>(FULL, { region, year: Y });
    expect(res.errors).toBeUndefined();
    const list = res.data!.indicators;
    const seeds = indicatorSeeds.filter((s) => s.region === region);
    expect(list).toHaveLength(n);
    expect(list.map((i) => i.code)).toEqual(seeds.map((s) => s.code));
    for (const [k, i] of list.entries()) {
      const s = seeds[k]!;
      expect(i).toMatchObject({
        region: { code: region }, name: s.name, nameEn: s.nameEn, category: s.category, unit: s.unit,
        baselineYear: s.baselineYear, baselineText: s.baselineText, baselineValue: s.baselineValue,
        targetYear: s.targetYear, targetText: s.targetText, targetValue: s.targetValue, targetValueHigh: s.targetValueHigh,
        comparison: s.comparison, attribute: s.attribute, leadDepartments: s.leadDepartments, source: s.source,
      });
      expect(i.observations.map((o: any) => [o.year, o.valueText, o.value, o.source, o.recordedBy])).toEqual(
        s.observations.map((o) => [o.year, o.text, o.value, o.source, 'seed']),
      );
      expect(['MET', 'ON_TRACK', 'OFF_TRACK', 'UNKNOWN']).toContain(i.status);
      expect(i.measurabilityNote.length).toBeGreaterThan(20);
      // No persons in this database: every person-level figure is withheld, every other metric has none.
      if (i.measurability === 'COMPUTED' && i.live) expect(i.live.suppressed || i.live.denominator === 0 || i.live.numerator === 0).toBe(true);
      else expect(i.live).toBeNull();
    }
  });

  it('classifies every row: computed where the hub has the data, reported, or a qualitative target', async () => {
    const res = await hub.anonymous()<{ indicators: IndicatorResult[] }>(INDICATORS, { region: '320100', year: Y });
    const by = new Map(res.data!.indicators.map((i) => [i.code, i]));
    for (const s of indicatorSeeds.filter((x) => x.region === '320100')) {
      const expected = s.comparison === 'QUALITATIVE' ? 'NOT_MEASURABLE' : s.metric && !['direct_settlement_rate', 'cross_region_outpatient_direct_rate'].includes(s.metric) ? 'COMPUTED' : 'REPORTED';
      expect(by.get(s.code)!.measurability, s.code).toBe(expected);
    }
    expect(by.get('NJ-13')).toMatchObject({ name: '按照疾病诊断相关分组（DRG）实际付费', comparison: 'QUALITATIVE', status: 'UNKNOWN', live: null });
    // 专栏 1 rows have no target: nothing to meet
    expect(by.get('NJ-27')).toMatchObject({ comparison: 'NONE', status: 'UNKNOWN' });
  });

  it('judges targets without live values on the documents’ figures: met, off track, unknown', async () => {
    const res = await hub.anonymous()<{ indicators: IndicatorResult[] }>(INDICATORS, { region: '350300', year: Y });
    const by = new Map(res.data!.indicators.map((i) => [i.code, i]));
    expect(by.get('PT-13')!.status).toBe('MET'); // 窗口可办率 100 % in 2020, 100 % due
    expect(by.get('PT-12')!.status).toBe('OFF_TRACK'); // 线上可办率 50 % in 2020, 80 %以上 due in 2025
    expect(by.get('PT-02')!.status).toBe('UNKNOWN'); // a qualitative target
    const in2022 = await hub.anonymous()<{ indicators: IndicatorResult[] }>(INDICATORS, { region: '350300', year: 2022 });
    // still the 2020 figure in 2022: 50 % against a path at 62 %
    expect(in2022.data!.indicators.find((i) => i.code === 'PT-12')!.status).toBe('OFF_TRACK');
  });

  it('gives every caller the same answer: the aggregates are region totals, public', async () => {
    const anonymous = await hub.anonymous()(FULL, { region: '320600', year: Y });
    expect(anonymous.errors).toBeUndefined();
    const callers = [
      hub.as('MEDICAL_SECURITY', { regions: ['320600'] }),
      hub.as('MEDICAL_SECURITY', { regions: ['320100'] }),
      hub.as('TAX', { regions: ['350300'] }),
      hub.as('HEALTH', { regions: ['320600'] }),
      hub.as('INSURER', { insurer: 'PICC' }),
      hub.as('INSTITUTION', { institution: 'H32060200001' }),
    ];
    for (const caller of callers) {
      const res = await caller(FULL, { region: '320600', year: Y });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual(anonymous.data);
    }
  });

  it('computes each metric family once per request, however many indicators a region has', async () => {
    const nantong = await hub.anonymous()(INDICATORS, { region: '320600', year: Y });
    const nanjing = await hub.anonymous()(INDICATORS, { region: '320100', year: Y });
    // rows, observations, and one statement per family: enrollment, settlement, institution (+ key group in Nanjing)
    expect(nantong.statements).toBe(5);
    expect(nanjing.statements).toBe(6);
  });

  it('rejects an unknown region and a year out of range, naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ region: '999999' }, 'region'],
      [{ region: '' }, 'region'],
      [{ region: '320600', year: 1999 }, 'year'],
      [{ region: '320600', year: 2101 }, 'year'],
    ];
    for (const [variables, field] of cases) {
      const res = await hub.anonymous()(INDICATORS, variables);
      expect(codes(res), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions).toMatchObject({ field });
      expect(res.data).toBeNull();
    }
  });

  it('lets no anonymous request past the public reads', async () => {
    const res = await hub.anonymous()(`{ indicators(region: "320600") { code } persons(first: 1) { edges { cursor } } }`);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('sharing the aggregates across requests', () => {
  it('computes a region’s aggregates once per INDICATOR_CACHE_SECONDS, whoever asks, and shares a computation in flight', async () => {
    const cached = await startHub({ INDICATOR_CACHE_SECONDS: '60' });
    try {
      const LIVE = `query($region: String!, $year: Int) { indicators(region: $region, year: $year) { code live { value numerator } } }`;
      const [first, concurrent] = await Promise.all([
        cached.anonymous()<{ indicators: any[] }>(LIVE, { region: '320600', year: Y }),
        cached.as('MEDICAL_SECURITY', { regions: ['320600'] })<{ indicators: any[] }>(LIVE, { region: '320600', year: Y }),
      ]);
      const again = await cached.anonymous()<{ indicators: any[] }>(LIVE, { region: '320600', year: Y });
      expect(first.errors).toBeUndefined();
      expect(concurrent.data).toEqual(first.data);
      expect(again.data).toEqual(first.data);
      // The second listing reads the indicator rows and observations, but no aggregate.
      expect(again.statements).toBeLessThan(first.statements);
      const otherYear = await cached.anonymous()<{ indicators: any[] }>(LIVE, { region: '320600', year: Y - 1 });
      expect(otherYear.statements).toBeGreaterThan(again.statements);
    } finally {
      await cached.close();
    }
  });

  it('shares them between instances through Redis, so each instance does not compute its own', async () => {
    const env = { INDICATOR_CACHE_SECONDS: '60', REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `yibao:test:${randomUUID()}:` };
    const first = await startHub(env);
    // A second instance: its own process state, the same database and Redis.
    const second = await createHubApp(first.config, first.db.database);
    try {
      const LIVE = `query($region: String!, $year: Int) { indicators(region: $region, year: $year) { code live { value numerator } } }`;
      const computed = await first.anonymous()<{ indicators: any[] }>(LIVE, { region: '320600', year: Y });
      const local = await first.anonymous()<{ indicators: any[] }>(LIVE, { region: '320600', year: Y });
      const shared = await runner(second)(undefined)<{ indicators: any[] }>(LIVE, { region: '320600', year: Y });
      expect(computed.errors).toBeUndefined();
      expect(shared.data).toEqual(computed.data);
      // The second instance reads the indicator rows and observations as the first did on a hit: no aggregate.
      expect(shared.statements).toBe(local.statements);
      expect(shared.statements).toBeLessThan(computed.statements);
    } finally {
      await second.stop();
      await first.close();
    }
  });
});
