/**
 * Live indicator values against small hand-built data sets with answers worked out by hand, per
 * city, through the public `indicators` query: each metric's definition, the indicator-specific
 * scopes, small-group suppression, the period year, and the status each value earns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorSeeds } from '../../seeds/indicators.js';
import { beijingDate } from '../../src/calendar.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { startHub, type TestHub } from '../helpers/hub.js';
import { INDICATORS, rows, Y, type IndicatorResult } from './data.js';

let hub: TestHub;
let f: Fixtures;
let r: ReturnType<typeof rows>;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
  r = rows(hub.db.database, f);
});
afterAll(() => hub?.close());

/** The code of a region's indicator computing `metric` (the seeds name the metric of each row). */
function codeOf(region: string, metric: string): string {
  const seed = indicatorSeeds.find((s) => s.region === region && s.metric === metric);
  if (!seed) throw new Error(`no ${metric} indicator in ${region}`);
  return seed.code;
}

async function indicators(region: string, year: number = Y): Promise<Map<string, IndicatorResult>> {
  const res = await hub.anonymous()<{ indicators: IndicatorResult[] }>(INDICATORS, { region, year });
  expect(res.errors).toBeUndefined();
  return new Map(res.data!.indicators.map((i) => [i.code, i]));
}

// The hub dates indicators by the calendar in Beijing, eight hours ahead of UTC.
const today = () => beijingDate(new Date());
const asOf = (year: number) => (`${year}-12-31` < today() ? `${year}-12-31` : today());
const live = (value: number, numerator: number, denominator: number | null, year = Y) => ({ value, asOf: asOf(year), numerator, denominator, suppressed: false });
const SUPPRESSED = { value: null, numerator: null, denominator: null, suppressed: true };

describe('Nantong 320600: enrollment, fund ratios, assistance, cross-province, DRG coverage', () => {
  let result: Map<string, IndicatorResult>;
  const at = (metric: string) => result.get(codeOf('320600', metric))!;

  beforeAll(async () => {
    const region = '320600';
    const employees = await r.persons(13, { region, scheme: 'EMPLOYEE', year: Y });
    const residents = await r.persons(17, { region, scheme: 'RESIDENT', year: Y });
    await r.persons(5, { region, status: 'SUSPENDED', year: Y });
    await r.persons(5, { region, year: Y - 1 }); // enrolled last year only

    const hospital = await r.institution({ region, level: 3, paymentMethod: 'DRG' });
    await r.institution({ region, level: 3, paymentMethod: 'DRG' });
    await r.institution({ region, level: 2, paymentMethod: 'FEE_FOR_SERVICE' });
    await r.institution({ region, level: 2, paymentMethod: 'DIP' });
    await r.institution({ region, level: 2, paymentMethod: 'DRG', agreementStatus: 'SUSPENDED' });
    await r.institution({ region, level: 1, paymentMethod: 'DRG' });
    await r.institution({ region, kind: 'PRIMARY_CARE', level: 1 });
    await r.institution({ region, kind: 'PHARMACY' });

    const at = { institutionId: hospital.id, region };
    for (const [i, e] of employees.slice(0, 10).entries()) {
      await r.settlement({ ...at, personId: e.id, scheme: 'EMPLOYEE', policyRange: 10_000, fund: 8_450, crossProvince: i < 5 });
    }
    // Neither a reversed settlement nor one of last year counts.
    await r.settlement({ ...at, personId: employees[10]!.id, scheme: 'EMPLOYEE', policyRange: 10_000, fund: 0, status: 'REVERSED' });
    await r.settlement({ ...at, personId: employees[11]!.id, scheme: 'EMPLOYEE', policyRange: 10_000, fund: 0, billDate: `${Y - 1}-12-31` });

    for (const [i, p] of residents.slice(0, 10).entries()) {
      await f.assistance(p.id, 'SUBSISTENCE', `${Y - 1}-01-01`);
      await r.settlement({ ...at, personId: p.id, scheme: 'RESIDENT', policyRange: 10_000, fund: 6_000, critical: 500, assistance: 2_450, crossProvince: i < 5 });
      await r.settlement({ ...at, personId: p.id, scheme: 'RESIDENT', encounterType: 'OUTPATIENT', policyRange: 1_000, fund: 500, assistance: 250 });
    }
    // A low-income recipient is not a key recipient; a certification that ended is no longer one.
    await f.assistance(residents[10]!.id, 'LOW_INCOME', `${Y - 1}-01-01`);
    await r.settlement({ ...at, personId: residents[10]!.id, scheme: 'RESIDENT', encounterType: 'OUTPATIENT', policyRange: 1_000, fund: 500, assistance: 500 });
    await f.assistance(residents[11]!.id, 'SUBSISTENCE', `${Y - 3}-01-01`, `${Y - 1}-12-31`);
    await r.settlement({ ...at, personId: residents[11]!.id, scheme: 'RESIDENT', encounterType: 'OUTPATIENT', policyRange: 1_000, fund: 500, assistance: 500 });

    result = await indicators(region);
  });

  it('enrollment rate: persons with an ACTIVE enrollment in the year ÷ persons of the region', () => {
    expect(at('enrollment_rate').live).toEqual(live(75, 30, 40));
    expect(at('enrollment_rate').status).toBe('OFF_TRACK'); // ≥ 99 % was due in 2025
  });

  it('employee share: EMPLOYEE ÷ all ACTIVE enrollments', () => {
    expect(at('employee_share').live).toEqual(live(43.3333, 13, 30));
    expect(at('employee_share').status).toBe('MET'); // 45 %左右: within 2 points
  });

  it('employee inpatient fund ratio: Σ fund ÷ Σ policy range of SETTLED inpatient settlements of the year', () => {
    expect(at('employee_inpatient_fund_ratio').live).toEqual(live(84.5, 84_500, 100_000));
    expect(at('employee_inpatient_fund_ratio').status).toBe('MET'); // 稳定在85%: within 1 point
  });

  it('resident inpatient fund ratio: the fund alone where the name does not include critical illness', () => {
    expect(at('resident_inpatient_fund_ratio').live).toEqual(live(60, 60_000, 100_000));
    expect(at('resident_inpatient_fund_ratio').status).toBe('OFF_TRACK');
  });

  it('assistance ratio: key recipients on the bill date, outpatient and inpatient as Nantong’s row names them', () => {
    // (10 × 2450 + 10 × 250) ÷ (10 × (10000 − 6000 − 500) + 10 × (1000 − 500)) = 27 000 ÷ 40 000
    expect(at('assistance_ratio').live).toEqual(live(67.5, 27_000, 40_000));
    expect(at('assistance_ratio').status).toBe('OFF_TRACK');
    expect(at('assistance_ratio').measurabilityNote).toContain('inpatient and outpatient');
  });

  it('cross-province rate: cross-province ÷ all inpatient settlements, documented as what the hub sees', () => {
    expect(at('cross_province_inpatient_direct_rate').live).toEqual(live(50, 10, 20));
    expect(at('cross_province_inpatient_direct_rate').measurabilityNote).toContain('only settlements made through it');
  });

  it('DRG/DIP coverage: level-2+ hospitals with an ACTIVE agreement paid by DRG or DIP', () => {
    expect(at('drg_dip_coverage').live).toEqual(live(75, 3, 4));
    expect(at('drg_dip_coverage').status).toBe('MET');
  });

  it('an indicator the hub does not compute has no live value and is judged on its latest observation', () => {
    const services = result.get('NT-10')!; // 政务服务事项线上、窗口可办率: 95 % in 2020, 100 % due in 2025
    expect(services).toMatchObject({ measurability: 'REPORTED', live: null, status: 'OFF_TRACK' });
    expect(result.get('NT-06')).toMatchObject({ measurability: 'REPORTED', live: null, status: 'UNKNOWN' });
  });

  it('suppresses a year with no enrollments at all: an empty group is below 10 as well', async () => {
    const past = await indicators('320600', 2020);
    expect(past.get(codeOf('320600', 'enrollment_rate'))!.live).toMatchObject({ ...SUPPRESSED, asOf: '2020-12-31' });
    // without a live value the status falls back to the document's 2020 figure (>98 % against ≥ 99 %)
    expect(past.get(codeOf('320600', 'enrollment_rate'))!.status).toBe('ON_TRACK');
  });
});

describe('Putian 350300: suppression below 10 persons, critical illness included by name, institution counts', () => {
  let result: Map<string, IndicatorResult>;
  const at = (metric: string) => result.get(codeOf('350300', metric))!;

  beforeAll(async () => {
    const region = '350300';
    const hospital = await r.institution({ region, level: 3, paymentMethod: 'DIP' });
    const at = { institutionId: hospital.id, region };
    for (const e of await r.persons(9, { region, scheme: 'EMPLOYEE', year: Y })) {
      await r.settlement({ ...at, personId: e.id, scheme: 'EMPLOYEE', policyRange: 10_000, fund: 8_600 });
    }
    for (const [i, p] of (await r.persons(10, { region, scheme: 'RESIDENT', year: Y })).entries()) {
      await r.settlement({ ...at, personId: p.id, scheme: 'RESIDENT', policyRange: 10_000, fund: 6_000, critical: 1_000, crossProvince: i < 9 });
    }
    result = await indicators(region);
  });

  it('withholds a money ratio behind 9 persons and falls back to the latest observation', () => {
    expect(at('employee_inpatient_fund_ratio').live).toMatchObject(SUPPRESSED);
    // 2020: 83.87 % against 86 %左右 (±2 points): not met, and 2025 has passed
    expect(at('employee_inpatient_fund_ratio').status).toBe('OFF_TRACK');
  });

  it('withholds a rate whose numerator group has 9 persons though its denominator has 19', () => {
    expect(at('cross_province_inpatient_direct_rate').live).toMatchObject(SUPPRESSED);
  });

  it('counts critical-illness insurance in the resident ratio where the row says 含大病保险', () => {
    expect(at('resident_inpatient_fund_ratio').live).toEqual(live(70, 70_000, 100_000));
    expect(at('resident_inpatient_fund_ratio').status).toBe('MET');
    expect(at('resident_inpatient_fund_ratio').measurabilityNote).toContain('fund + critical-illness');
  });

  it('shows 100 % over a single hospital: institution counts are not person-level', () => {
    expect(at('drg_dip_coverage').live).toEqual(live(100, 1, 1));
    expect(at('enrollment_rate').live).toEqual(live(100, 19, 19));
  });

  it('suppresses an assistance ratio with no recipients at all', () => {
    expect(at('assistance_ratio').live).toMatchObject(SUPPRESSED);
    expect(at('assistance_ratio').status).toBe('UNKNOWN');
  });
});

describe('Nanjing 320100: enrollment count in 万人, outpatient, critical illness, key groups, register counts', () => {
  let result: Map<string, IndicatorResult>;
  const at = (metric: string) => result.get(codeOf('320100', metric))!;

  beforeAll(async () => {
    const region = '320100';
    const recipients = await r.persons(10, { region, year: Y });
    const categories = ['SUBSISTENCE', 'EXTREME_POVERTY', 'LOW_INCOME'];
    for (const [i, p] of recipients.entries()) await f.assistance(p.id, categories[i % 3], `${Y - 1}-01-01`);
    for (const p of await r.persons(2, { region, status: 'SUSPENDED', year: Y })) await f.assistance(p.id, 'LOW_INCOME', `${Y}-02-01`);
    const former = await f.person({ region, status: 'SUSPENDED', year: Y });
    await f.assistance(former.id, 'SUBSISTENCE', `${Y - 6}-01-01`, `${Y - 2}-12-31`);

    const hospital = await r.institution({ region, level: 3 });
    await r.institution({ region, kind: 'PRIMARY_CARE', level: 1 });
    await r.institution({ region, level: 2, agreementStatus: 'SUSPENDED' });
    for (let i = 0; i < 3; i++) await r.institution({ region, kind: 'PHARMACY' });
    await r.institution({ region, kind: 'PHARMACY', agreementStatus: 'TERMINATED' });

    const at = { institutionId: hospital.id, region };
    const residents = await r.persons(11, { region, scheme: 'RESIDENT', year: Y });
    for (const p of residents.slice(0, 10)) {
      await r.settlement({ ...at, personId: p.id, scheme: 'RESIDENT', policyRange: 20_000, fund: 12_000, critical: 4_000 });
    }
    // Critical illness paid nothing here: counted in the resident ratio, not in the critical-illness ratio.
    await r.settlement({ ...at, personId: residents[10]!.id, scheme: 'RESIDENT', policyRange: 10_000, fund: 5_000 });

    const employees = await r.persons(10, { region, scheme: 'EMPLOYEE', year: Y });
    for (const [i, p] of employees.entries()) {
      const encounterType = i < 5 ? 'OUTPATIENT' : 'CHRONIC_OUTPATIENT';
      await r.settlement({ ...at, personId: p.id, scheme: 'EMPLOYEE', encounterType, policyRange: 1_000, fund: i < 5 ? 600 : 800 });
    }
    await r.settlement({ ...at, personId: employees[0]!.id, scheme: 'EMPLOYEE', encounterType: 'PHARMACY', policyRange: 1_000, fund: 0 });
    result = await indicators(region);
  });

  it('counts enrollees in 万人 where the unit says so', () => {
    expect(at('enrollment_count').live).toEqual(live(0.0031, 31, null));
    expect(at('enrollment_rate').live).toEqual(live(91.1765, 31, 34));
    expect(at('enrollment_rate').status).toBe('OFF_TRACK'); // 稳定在 99%以上
    expect(at('employee_share').live).toEqual(live(32.2581, 10, 31));
  });

  it('outpatient fund ratio: general and chronic outpatient of EMPLOYEE enrollees, not pharmacy purchases', () => {
    expect(at('outpatient_fund_ratio').live).toEqual(live(70, 7_000, 10_000));
    expect(at('outpatient_fund_ratio').status).toBe('MET');
  });

  it('resident and critical-illness ratios', () => {
    expect(at('resident_inpatient_fund_ratio').live).toEqual(live(59.5238, 125_000, 210_000));
    // Σ critical ÷ Σ (policy range − fund) where critical illness paid: 40 000 ÷ 80 000
    expect(at('critical_illness_ratio').live).toEqual(live(50, 40_000, 80_000));
  });

  it('key-group enrollment: recipients of the year (any category) with an ACTIVE enrollment', () => {
    expect(at('key_group_enrollment_rate').live).toEqual(live(83.3333, 10, 12));
    expect(at('key_group_enrollment_rate').status).toBe('OFF_TRACK');
  });

  it('counts designated institutions and pharmacies with an ACTIVE agreement, without a target', () => {
    expect(at('designated_institution_count').live).toEqual(live(2, 2, null));
    expect(at('designated_pharmacy_count').live).toEqual(live(3, 3, null));
    expect(at('designated_pharmacy_count').status).toBe('UNKNOWN');
  });

  it('leaves metrics the hub has no data for to observations, saying why', () => {
    expect(at('direct_settlement_rate')).toMatchObject({ measurability: 'REPORTED', live: null });
    expect(at('cross_region_outpatient_direct_rate').measurabilityNote).toContain('cross-province flag');
  });
});

describe('Jingzhou 421000: the period year', () => {
  beforeAll(async () => {
    const region = '421000';
    const persons = await r.persons(20, { region, scheme: 'RESIDENT', year: Y });
    for (const p of persons.slice(5, 15)) await r.enrollment(p.id, region, Y - 1);
    const hospital = await r.institution({ region, level: 2, paymentMethod: 'DIP' });
    await r.institution({ region, level: 2, paymentMethod: 'FEE_FOR_SERVICE' });
    for (const p of persons.slice(0, 10)) {
      await f.assistance(p.id, 'LOW_INCOME', `${Y - 1}-06-01`);
      await r.settlement({ institutionId: hospital.id, region, personId: p.id, scheme: 'RESIDENT', policyRange: 10_000, fund: 6_500, assistance: 2_000 });
    }
  });

  it('computes the current year from this year’s enrollments and registers', async () => {
    const now = await indicators('421000');
    expect(now.get(codeOf('421000', 'enrollment_rate'))!.live).toEqual(live(100, 20, 20));
    expect(now.get(codeOf('421000', 'enrollment_rate'))!.status).toBe('MET');
    expect(now.get(codeOf('421000', 'key_group_enrollment_rate'))!.live).toEqual(live(100, 10, 10));
    expect(now.get(codeOf('421000', 'drg_dip_coverage'))!.live).toEqual(live(50, 1, 2));
    expect(now.get(codeOf('421000', 'resident_inpatient_fund_ratio'))!.live).toEqual(live(65, 65_000, 100_000));
    // low-income recipients are not key recipients: no one behind the assistance ratio
    expect(now.get(codeOf('421000', 'assistance_ratio'))!.live).toMatchObject(SUPPRESSED);
  });

  it('computes last year as of its last day, and leaves register counts to observations', async () => {
    const last = await indicators('421000', Y - 1);
    expect(last.get(codeOf('421000', 'enrollment_rate'))!.live).toEqual(live(50, 10, 20, Y - 1));
    // 5 of the 10 recipients were enrolled last year: too few to show
    expect(last.get(codeOf('421000', 'key_group_enrollment_rate'))!.live).toMatchObject({ ...SUPPRESSED, asOf: `${Y - 1}-12-31` });
    expect(last.get(codeOf('421000', 'drg_dip_coverage'))).toMatchObject({ measurability: 'COMPUTED', live: null, status: 'UNKNOWN' });
    expect(last.get(codeOf('421000', 'resident_inpatient_fund_ratio'))!.live).toMatchObject(SUPPRESSED);
  });

  it('defaults to the current year', async () => {
    const res = await hub.anonymous()<{ indicators: IndicatorResult[] }>(INDICATORS, { region: '421000' });
    expect(res.data!.indicators).toEqual([...(await indicators('421000', Y)).values()]);
  });
});
