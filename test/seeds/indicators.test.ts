import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type IndicatorSeed, METRIC_KEYS, indicatorSeeds } from '../../seeds/indicators.js';

const FILES = {
  '320600': '000_e219cc0eb7e48e46.txt',
  '320100': '001_8aff2c6e8937ce80.txt',
  '350300': '002_c22904b03bed3402.txt',
  '421000': '004_eba831d64ae4f652.txt',
} as const;

const raw = new Map<string, string>(
  Object.values(FILES).map((f) => [f, readFileSync(new URL(`../../../shared/seeds/${f}`, import.meta.url), 'utf8')]),
);
const text = (file: string): string => {
  const t = raw.get(file);
  if (t === undefined) throw new Error(`unknown source file ${file}`);
  return t;
};
/** The text with the extraction's line breaks (and the blanks around them) removed. */
const joined = (file: string): string => text(file).replace(/[ \t]*\n\s*/g, '');
/** The text with all whitespace removed. */
const squeezed = (file: string): string => text(file).replace(/\s+/g, '');

const byRegion = (region: IndicatorSeed['region']) => indicatorSeeds.filter((s) => s.region === region);
const byCode = (code: string): IndicatorSeed => {
  const s = indicatorSeeds.find((x) => x.code === code);
  if (!s) throw new Error(`no seed ${code}`);
  return s;
};
const firstNumber = (s: string): number | null => {
  const m = /\d+(?:\.\d+)?/.exec(s);
  return m ? Number(m[0]) : null;
};

/** Names not written in one piece: composed from a sentence or a cell split by the extraction. */
const COMPOSED_NAMES = new Set(['PT-09', 'JZ-09', 'NJ-06']);

describe('indicator seeds', () => {
  it('has every row of each table, once', () => {
    expect(byRegion('320600')).toHaveLength(12);
    expect(byRegion('350300')).toHaveLength(14);
    expect(byRegion('421000')).toHaveLength(15);
    // 25 专栏 2–11 targets + 31 专栏 1 rows that have no 专栏 target (36 rows, 5 merged as baselines)
    expect(byRegion('320100')).toHaveLength(56);
    expect(indicatorSeeds).toHaveLength(97);
  });

  it('has unique codes numbered in table order per region', () => {
    const codes = indicatorSeeds.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [region, prefix] of [
      ['320600', 'NT'],
      ['320100', 'NJ'],
      ['350300', 'PT'],
      ['421000', 'JZ'],
    ] as const) {
      const got = byRegion(region).map((s) => s.code);
      expect(got).toEqual(got.map((_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`));
    }
  });

  it('uses only canonical metric keys, at most once per region', () => {
    const keys: readonly string[] = METRIC_KEYS;
    for (const region of Object.keys(FILES) as IndicatorSeed['region'][]) {
      const metrics = byRegion(region).flatMap((s) => (s.metric === null ? [] : [s.metric]));
      for (const m of metrics) expect(keys).toContain(m);
      expect(new Set(metrics).size).toBe(metrics.length);
    }
  });

  it('names its source file and table, and the table title is in the file', () => {
    for (const s of indicatorSeeds) {
      expect(s.source.file).toBe(FILES[s.region]);
      expect(text(s.source.file)).toContain(s.source.table);
      for (const o of s.observations) expect(text(o.source.file)).toContain(o.source.table);
    }
  });

  it('keeps every value text and name as written in the document', () => {
    for (const s of indicatorSeeds) {
      const file = joined(s.source.file);
      if (s.targetText !== null) expect(file, `${s.code} target`).toContain(s.targetText);
      for (const o of s.observations) expect(joined(o.source.file), `${s.code} ${o.year}`).toContain(o.text);
      if (s.baselineText !== null) expect(s.observations.map((o) => o.text)).toContain(s.baselineText);
      if (!COMPOSED_NAMES.has(s.code)) expect(squeezed(s.source.file), s.code).toContain(s.name.replace(/\s+/g, ''));
    }
  });

  it('parses the numbers of the texts and keeps the fields consistent', () => {
    for (const s of indicatorSeeds) {
      expect(s.comparison === 'NONE', s.code).toBe(s.targetText === null);
      expect(s.targetYear === null, s.code).toBe(s.targetText === null);
      expect(s.baselineYear === null, s.code).toBe(s.baselineText === null);
      expect(s.targetValueHigh !== null, s.code).toBe(s.comparison === 'RANGE');
      expect(s.targetValue === null, s.code).toBe(s.comparison === 'QUALITATIVE' || s.comparison === 'NONE');
      if (s.targetText !== null) expect(s.targetValue, s.code).toBe(firstNumber(s.targetText));
      if (s.baselineText !== null) expect(s.baselineValue, s.code).toBe(firstNumber(s.baselineText));
      for (const o of s.observations) expect(o.value, s.code).toBe(firstNumber(o.text));
    }
  });

  it('transcribes Nantong rows (spot checks)', () => {
    expect(byCode('NT-01')).toMatchObject({
      name: '基本医疗保险、生育保险参保率',
      baselineText: '>98%',
      baselineValue: 98,
      targetText: '≥99%',
      targetValue: 99,
      comparison: 'GTE',
      attribute: 'BINDING',
      metric: 'enrollment_rate',
    });
    expect(byCode('NT-02')).toMatchObject({ baselineText: '32.8%', targetText: '45%左右', targetValue: 45, comparison: 'ABOUT' });
    expect(byCode('NT-03')).toMatchObject({ baselineText: '85%', targetText: '稳定在85%左右', comparison: 'STABLE' });
    expect(byCode('NT-07')).toMatchObject({ baselineText: null, targetText: '70%', comparison: 'EQ', attribute: 'EXPECTED' });
    expect(byCode('NT-11')).toMatchObject({ name: '住院费用跨省直接结算率', baselineText: '80%', targetText: '85%左右' });
    expect(byCode('NT-12')).toMatchObject({ name: '医疗保障政务服务满意率', targetText: '≥90%', targetValue: 90 });
    expect(byRegion('320600').every((s) => s.leadDepartments.length === 0)).toBe(true);
  });

  it('transcribes Putian rows with lead departments (spot checks)', () => {
    expect(byCode('PT-01')).toMatchObject({
      baselineText: '95%以上',
      targetText: '96%以上',
      targetValue: 96,
      comparison: 'GTE',
      leadDepartments: ['市医保局', '市税务局'],
      attribute: 'BINDING',
    });
    expect(byCode('PT-02')).toMatchObject({
      baselineText: '36.43亿元',
      baselineValue: 36.43,
      unit: '亿元',
      targetText: '收入规模与经济社会发展水平更加适应',
      comparison: 'QUALITATIVE',
    });
    expect(byCode('PT-04')).toMatchObject({ baselineText: '83.87%', targetText: '86%左右', comparison: 'ABOUT' });
    expect(byCode('PT-10')).toMatchObject({
      baselineText: '国家和省级药品125个',
      baselineValue: 125,
      targetText: '国家和省要求集中带量采购药品数量500个以上',
      targetValue: 500,
      unit: '个',
      leadDepartments: ['市医保局', '市卫健委'],
    });
    expect(byCode('PT-14')).toMatchObject({ baselineText: '49.03%', targetText: '70%以上', leadDepartments: ['市医保局'] });
    expect(byRegion('350300').every((s) => s.leadDepartments.length > 0 && s.attribute !== null)).toBe(true);
  });

  it('transcribes Jingzhou rows with responsible departments (spot checks)', () => {
    expect(byCode('JZ-01')).toMatchObject({ baselineText: '96.65%', targetText: '>97%', comparison: 'GTE', leadDepartments: ['医保局'] });
    expect(byCode('JZ-02').leadDepartments).toEqual(['医保', '民政', '乡村振兴', '卫健', '退役军人事务', '残联']);
    expect(byCode('JZ-05')).toMatchObject({
      baselineText: null,
      targetText: '可支付 6—9 个月',
      targetValue: 6,
      targetValueHigh: 9,
      comparison: 'RANGE',
      unit: '月',
    });
    expect(byCode('JZ-06')).toMatchObject({ baselineText: '>75%', baselineValue: 75, targetText: '81%左右', comparison: 'ABOUT' });
    expect(byCode('JZ-03')).toMatchObject({ baselineText: '63.85 亿元', baselineValue: 63.85, leadDepartments: ['医保', '税务'] });
    expect(byCode('JZ-15')).toMatchObject({ baselineText: '>65%', targetText: '>70%', attribute: 'EXPECTED' });
  });

  it('transcribes Nanjing 专栏 targets and 十三五 completion figures (spot checks)', () => {
    const t1 = '专栏 1  “十三五”时期医疗保障发展主要目标完成情况';
    expect(byCode('NJ-01')).toMatchObject({
      metric: 'enrollment_count',
      unit: '万人',
      baselineText: '797.35',
      baselineValue: 797.35,
      targetText: '达到 900万人',
      targetValue: 900,
      observations: [{ year: 2020, text: '797.35', value: 797.35, source: { table: t1 } }],
    });
    expect(byCode('NJ-02')).toMatchObject({ baselineText: '>99', targetText: '稳定在 99%以上', comparison: 'STABLE' });
    expect(byCode('NJ-03')).toMatchObject({ metric: 'employee_share', targetText: '达到 60%以上', comparison: 'GTE' });
    expect(byCode('NJ-05')).toMatchObject({ metric: 'outpatient_fund_ratio', targetText: '提升到 50%以上', targetValue: 50 });
    expect(byCode('NJ-08')).toMatchObject({ metric: 'critical_illness_ratio', baselineText: '63.5', targetText: '提升至 63%' });
    expect(byCode('NJ-14')).toMatchObject({ metric: 'drg_dip_coverage', targetValue: 70 });
    expect(byCode('NJ-17')).toMatchObject({ metric: 'direct_settlement_rate', targetValue: 50 });
    expect(byCode('NJ-18')).toMatchObject({ targetText: '达到 98%' });
    expect(byCode('NJ-20')).toMatchObject({ name: '医疗保障政务服务事项线上可办率', targetValue: 80 });
    expect(byCode('NJ-24')).toMatchObject({ metric: 'cross_region_outpatient_direct_rate', targetText: '达到 90%以上' });
    expect(byCode('NJ-25')).toMatchObject({ metric: 'cross_province_inpatient_direct_rate', targetText: '达到 70%以上' });

    const institutions = indicatorSeeds.find((s) => s.metric === 'designated_institution_count');
    expect(institutions).toMatchObject({
      region: '320100',
      unit: '所',
      targetText: null,
      comparison: 'NONE',
      observations: [{ year: 2020, text: '1810', value: 1810 }],
    });
    const pharmacies = indicatorSeeds.find((s) => s.metric === 'designated_pharmacy_count');
    expect(pharmacies).toMatchObject({ comparison: 'NONE', observations: [{ text: '1951', value: 1951 }] });

    // all 36 rows of 专栏 1 (18 numbered + 18 其中) are there once, as 2020 observations
    const completion = byRegion('320100').flatMap((s) => s.observations.filter((o) => o.source.table === t1));
    expect(completion).toHaveLength(36);
    expect(completion.every((o) => o.year === 2020)).toBe(true);
    expect(byRegion('320100').filter((s) => s.observations.length > 0 && s.targetText !== null)).toHaveLength(5);
  });
});
