/**
 * Indicator tables of the source policy documents, transcribed row by row.
 *
 * Source: the read-only documents in `shared/seeds/` (see `shared/seeds/README.md`):
 * - 000_e219cc0eb7e48e46.txt 南通市“十四五”医疗保障发展规划 — table “十四五”医疗保障发展主要指标 (12 rows).
 * - 002_c22904b03bed3402.txt 莆田市“十四五”全民医疗保障专项规划 — table 莆田市“十四五”医保主要指标与预期目标
 *   (14 rows, 牵头单位 → leadDepartments).
 * - 004_eba831d64ae4f652.txt 荆州市医疗保障事业发展“十四五”规划 — 表 1 (15 rows, 责任部门 → leadDepartments).
 * - 001_8aff2c6e8937ce80.txt 南京市“十四五”医疗保障事业发展规划 — the targets stated in 专栏 2–11 (25 indicators,
 *   NJ-01..NJ-25) and 专栏 1, the 十三五 completion table (18 numbered rows and 18 “其中” sub-rows). The
 *   十三五 figure of the five rows that match a 专栏 target is that indicator's baseline and 2020
 *   observation; the other 31 rows are indicators with no target (NJ-26..NJ-56).
 * (003_7991ff9993990ec9.txt, the Nantong municipal-pooling plan, has no indicator table.)
 *
 * Conventions:
 * - `*Text` fields hold the cell (or, for Nanjing's 专栏, the phrase) exactly as written, including the
 *   documents' own spacing (e.g. "可支付 6—9 个月", "达到 900万人"); only line breaks of the plain-text
 *   extraction are dropped. Names are as written with extraction line-wrap spaces removed.
 * - A dash cell ("—", "-", "——") means no value: text, value and year are all null.
 * - Every 2020 actual value is both the baseline and a 2020 observation with the same source.
 * - Percentages are parsed as the number of percent; ">98%"/"95%以上" parse to 98/95.
 */

export type Comparison = 'GTE' | 'LTE' | 'ABOUT' | 'RANGE' | 'EQ' | 'STABLE' | 'QUALITATIVE' | 'NONE';
// GTE ≥/不低于/以上/">"; LTE ≤/不高于/以内/"<"; ABOUT "左右"; RANGE "6—9个月"; EQ exact figure or "100%";
// STABLE "稳定在"/"保持"; QUALITATIVE text target with no number (e.g. "全面建立"); NONE no target.

export interface IndicatorSeed {
  region: '320600' | '320100' | '350300' | '421000';
  code: string; // stable, unique: 'NT-01'..'NT-12', 'PT-01'.., 'JZ-01'.., 'NJ-01'.. in table order
  metric: string | null; // canonical metric key if the hub can compute it from its data, else null
  category: string | null; // the table's section/group as written, null if none
  name: string; // indicator name exactly as written (Chinese)
  nameEn: string; // short English gloss
  unit: string | null; // as written, e.g. '%', '万人', '个', '家', '月'
  baselineYear: number | null;
  baselineText: string | null;
  baselineValue: number | null;
  targetYear: number | null;
  targetText: string | null;
  targetValue: number | null; // low end for RANGE
  targetValueHigh: number | null; // high end for RANGE, else null
  comparison: Comparison;
  attribute: 'BINDING' | 'EXPECTED' | null; // 约束性 / 预期性
  leadDepartments: string[]; // 牵头单位/责任部门, one agency per element
  source: { file: string; table: string };
  observations: { year: number; text: string; value: number | null; source: { file: string; table: string } }[];
}

/** The metric keys the hub computes from its own data; `IndicatorSeed.metric` is one of these or null. */
export const METRIC_KEYS = [
  'enrollment_rate',
  'enrollment_count',
  'employee_share',
  'employee_inpatient_fund_ratio',
  'resident_inpatient_fund_ratio',
  'outpatient_fund_ratio',
  'critical_illness_ratio',
  'assistance_ratio',
  'key_group_enrollment_rate',
  'cross_province_inpatient_direct_rate',
  'cross_region_outpatient_direct_rate',
  'direct_settlement_rate',
  'drg_dip_coverage',
  'designated_institution_count',
  'designated_pharmacy_count',
  'e_prescription_share',
] as const;
type MetricKey = (typeof METRIC_KEYS)[number];

type Source = IndicatorSeed['source'];
type Region = IndicatorSeed['region'];

/** A value as written and parsed; null for a dash cell. */
type Cell = readonly [text: string, value: number | null] | null;

interface Target {
  text: string;
  value: number | null;
  high?: number;
  cmp: Exclude<Comparison, 'NONE'>;
  year?: number; // when the document names a year other than 2025
}

interface Row {
  metric?: MetricKey;
  category?: string;
  name: string;
  nameEn: string;
  unit: string | null;
  baseline: Cell; // the 2020 actual
  baselineSource?: Source; // when it comes from another table than the row (Nanjing 专栏 1)
  target: Target | null;
  attribute?: '约束性' | '预期性';
  lead?: readonly string[];
}

function toSeed(region: Region, code: string, source: Source, r: Row): IndicatorSeed {
  const obsSource = r.baselineSource ?? source;
  return {
    region,
    code,
    metric: r.metric ?? null,
    category: r.category ?? null,
    name: r.name,
    nameEn: r.nameEn,
    unit: r.unit,
    baselineYear: r.baseline ? 2020 : null,
    baselineText: r.baseline?.[0] ?? null,
    baselineValue: r.baseline?.[1] ?? null,
    targetYear: r.target ? (r.target.year ?? 2025) : null,
    targetText: r.target?.text ?? null,
    targetValue: r.target?.value ?? null,
    targetValueHigh: r.target?.high ?? null,
    comparison: r.target?.cmp ?? 'NONE',
    attribute: r.attribute === '约束性' ? 'BINDING' : r.attribute === '预期性' ? 'EXPECTED' : null,
    leadDepartments: [...(r.lead ?? [])],
    source: { ...source },
    observations: r.baseline ? [{ year: 2020, text: r.baseline[0], value: r.baseline[1], source: { ...obsSource } }] : [],
  };
}

/** Numbers the rows of one region `<prefix>-01`, `<prefix>-02`, … across its tables, in order. */
function build(region: Region, prefix: string, tables: readonly (readonly [Source, readonly Row[]])[]): IndicatorSeed[] {
  let n = 0;
  return tables.flatMap(([source, rows]) =>
    rows.map((r) => toSeed(region, `${prefix}-${String(++n).padStart(2, '0')}`, source, r)),
  );
}

const t = (text: string, value: number | null, cmp: Target['cmp'], extra: Partial<Target> = {}): Target => ({
  text,
  value,
  cmp,
  ...extra,
});

// ---------------------------------------------------------------------------------------------
// 南通 320600 — 000_e219cc0eb7e48e46.txt, “十四五”医疗保障发展主要指标 (columns: 序号 | 主要指标 |
// 2020年 实现值 | 2025年 目标值 | 指标属性). No groups, no lead departments.
// ---------------------------------------------------------------------------------------------

const NT: Source = { file: '000_e219cc0eb7e48e46.txt', table: '“十四五”医疗保障发展主要指标' };

const nantongRows: Row[] = [
  {
    metric: 'enrollment_rate',
    name: '基本医疗保险、生育保险参保率',
    nameEn: 'Basic medical and maternity insurance enrollment rate',
    unit: '%',
    baseline: ['>98%', 98],
    target: t('≥99%', 99, 'GTE'),
    attribute: '约束性',
  },
  {
    metric: 'employee_share',
    name: '职工基本医疗保险参保人数占比',
    nameEn: 'Share of enrollees in employee basic medical insurance',
    unit: '%',
    baseline: ['32.8%', 32.8],
    target: t('45%左右', 45, 'ABOUT'),
    attribute: '约束性',
  },
  {
    metric: 'employee_inpatient_fund_ratio',
    name: '职工基本医疗保险政策范围内住院费用报销比例',
    nameEn: 'Employee insurance in-policy inpatient reimbursement ratio',
    unit: '%',
    baseline: ['85%', 85],
    target: t('稳定在85%左右', 85, 'STABLE'),
    attribute: '约束性',
  },
  {
    metric: 'resident_inpatient_fund_ratio',
    name: '居民基本医疗保险政策范围内住院费用报销比例',
    nameEn: 'Resident insurance in-policy inpatient reimbursement ratio',
    unit: '%',
    baseline: ['70%', 70],
    target: t('稳定在70%左右', 70, 'STABLE'),
    attribute: '约束性',
  },
  {
    metric: 'assistance_ratio',
    name: '重点救助对象符合规定的门诊住院费用救助比例',
    nameEn: 'Medical assistance ratio for eligible outpatient and inpatient costs of key assistance targets',
    unit: '%',
    baseline: ['70%', 70],
    target: t('70%', 70, 'EQ'),
    attribute: '预期性',
  },
  {
    name: 'DRG付费覆盖二级以上综合性医疗机构比例',
    nameEn: 'Share of secondary-and-above general hospitals covered by DRG payment',
    unit: '%',
    baseline: null,
    target: t('100%', 100, 'EQ'),
    attribute: '预期性',
  },
  {
    metric: 'drg_dip_coverage',
    name: '住院按照DRG支付的统筹基金费用占住院统筹基金总费用的比例',
    nameEn: 'Share of inpatient pooled-fund spending paid by DRG',
    unit: '%',
    baseline: null,
    target: t('70%', 70, 'EQ'),
    attribute: '预期性',
  },
  {
    name: '公立医疗机构通过省阳光采购平台线上采购药品、医用耗材数量占比',
    nameEn: 'Share of drugs and consumables bought by public institutions online via the provincial platform',
    unit: '%',
    baseline: null,
    target: t('90%', 90, 'EQ'),
    attribute: '预期性',
  },
  {
    name: '“15分钟医保服务圈”覆盖率',
    nameEn: 'Coverage of the "15-minute healthcare-security service circle"',
    unit: '%',
    baseline: null,
    target: t('100%', 100, 'EQ'),
    attribute: '预期性',
  },
  {
    name: '医疗保障政务服务事项线上、窗口可办率',
    nameEn: 'Share of government service items available online and at counters',
    unit: '%',
    baseline: ['95%', 95],
    target: t('100%', 100, 'EQ'),
    attribute: '约束性',
  },
  {
    metric: 'cross_province_inpatient_direct_rate',
    name: '住院费用跨省直接结算率',
    nameEn: 'Cross-province inpatient direct settlement rate',
    unit: '%',
    baseline: ['80%', 80],
    target: t('85%左右', 85, 'ABOUT'),
    attribute: '预期性',
  },
  {
    name: '医疗保障政务服务满意率',
    nameEn: 'Satisfaction rate with healthcare-security government services',
    unit: '%',
    baseline: null,
    target: t('≥90%', 90, 'GTE'),
    attribute: '预期性',
  },
];

const nantong = build('320600', 'NT', [[NT, nantongRows]]);

// ---------------------------------------------------------------------------------------------
// 莆田 350300 — 002_c22904b03bed3402.txt, 莆田市“十四五”医保主要指标与预期目标 (columns: 指标名称 |
// 2020年 指标值 | 2025年预期 指标值 | 牵头 单位 | 指标 属性). No groups.
// ---------------------------------------------------------------------------------------------

const PT: Source = { file: '002_c22904b03bed3402.txt', table: '莆田市“十四五”医保主要指标与预期目标' };
const PT_YB = ['市医保局'] as const;
const PT_YB_SW = ['市医保局', '市税务局'] as const;
const PT_YB_WJ = ['市医保局', '市卫健委'] as const;

const putianRows: Row[] = [
  {
    metric: 'enrollment_rate',
    name: '基本医保参保率',
    nameEn: 'Basic medical insurance enrollment rate',
    unit: '%',
    baseline: ['95%以上', 95],
    target: t('96%以上', 96, 'GTE'),
    attribute: '约束性',
    lead: PT_YB_SW,
  },
  {
    name: '基本医保(含生育保险)基金收入',
    nameEn: 'Basic medical insurance fund revenue (incl. maternity)',
    unit: '亿元',
    baseline: ['36.43亿元', 36.43],
    target: t('收入规模与经济社会发展水平更加适应', null, 'QUALITATIVE'),
    attribute: '预期性',
    lead: PT_YB_SW,
  },
  {
    name: '基本医保(含生育保险)基金支出',
    nameEn: 'Basic medical insurance fund expenditure (incl. maternity)',
    unit: '亿元',
    baseline: ['32.66亿元', 32.66],
    target: t('支出规模与经济社会发展水平、群众基本医疗需求更加适应', null, 'QUALITATIVE'),
    attribute: '预期性',
    lead: PT_YB,
  },
  {
    metric: 'employee_inpatient_fund_ratio',
    name: '职工医保政策范围内住院费用基金支付比例',
    nameEn: 'Employee insurance fund share of in-policy inpatient costs',
    unit: '%',
    baseline: ['83.87%', 83.87],
    target: t('86%左右', 86, 'ABOUT'),
    attribute: '约束性',
    lead: PT_YB,
  },
  {
    metric: 'resident_inpatient_fund_ratio',
    name: '城乡居民医保政策范围内住院费用基金支付比例(含大病保险)',
    nameEn: 'Resident insurance fund share of in-policy inpatient costs (incl. critical illness insurance)',
    unit: '%',
    baseline: ['60.49%', 60.49],
    target: t('70%左右', 70, 'ABOUT'),
    attribute: '约束性',
    lead: PT_YB,
  },
  {
    metric: 'assistance_ratio',
    name: '重点救助对象符合规定的门诊慢特病和住院救助比例',
    nameEn: 'Assistance ratio for eligible chronic/special outpatient and inpatient costs of key assistance targets',
    unit: '%',
    baseline: null,
    target: t('70%左右', 70, 'ABOUT'),
    attribute: '预期性',
    lead: PT_YB,
  },
  {
    metric: 'drg_dip_coverage',
    name: '实行按病种分值付费的住院费用占全部住院费用的比例',
    nameEn: 'Share of inpatient costs paid by diagnosis-intervention packet (DIP) points',
    unit: '%',
    baseline: null,
    target: t('70%以上', 70, 'GTE'),
    attribute: '预期性',
    lead: PT_YB,
  },
  {
    name: '公立医疗机构通过省药械阳光采购平台线上采购药品金额占全部采购药品(不含中药饮片)金额的比例',
    nameEn: 'Share of public institutions’ drug purchases (excl. TCM decoction pieces) made on the provincial platform',
    unit: '%',
    baseline: ['90%', 90],
    target: t('95%以上', 95, 'GTE'),
    attribute: '预期性',
    lead: PT_YB_WJ,
  },
  {
    // the name cell wraps onto a row of its own ("金额的比例") in the extracted text
    name: '公立医疗机构通过省药械阳光采购平台线上采购高值医用耗材金额占全部采购高值医用耗材金额的比例',
    nameEn: 'Share of public institutions’ high-value consumable purchases made on the provincial platform',
    unit: '%',
    baseline: ['80%', 80],
    target: t('85%以上', 85, 'GTE'),
    attribute: '预期性',
    lead: PT_YB_WJ,
  },
  {
    name: '药品集中带量采购品种',
    nameEn: 'Drugs under volume-based centralized procurement',
    unit: '个',
    baseline: ['国家和省级药品125个', 125],
    target: t('国家和省要求集中带量采购药品数量500个以上', 500, 'GTE'),
    attribute: '预期性',
    lead: PT_YB_WJ,
  },
  {
    name: '高值医用耗材集中带量采购品种',
    nameEn: 'High-value consumable classes under volume-based centralized procurement',
    unit: '类',
    baseline: ['5类', 5],
    target: t('10类以上', 10, 'GTE'),
    attribute: '预期性',
    lead: PT_YB_WJ,
  },
  {
    name: '医保政务服务事项线上可办率',
    nameEn: 'Share of government service items available online',
    unit: '%',
    baseline: ['50%', 50],
    target: t('80%以上', 80, 'GTE'),
    attribute: '预期性',
    lead: PT_YB,
  },
  {
    name: '医保政务服务事项窗口可办率',
    nameEn: 'Share of government service items available at counters',
    unit: '%',
    baseline: ['100%', 100],
    target: t('100%', 100, 'EQ'),
    attribute: '约束性',
    lead: PT_YB,
  },
  {
    metric: 'cross_province_inpatient_direct_rate',
    name: '住院费用跨省结算率',
    nameEn: 'Cross-province inpatient settlement rate',
    unit: '%',
    baseline: ['49.03%', 49.03],
    target: t('70%以上', 70, 'GTE'),
    attribute: '预期性',
    lead: PT_YB,
  },
];

const putian = build('350300', 'PT', [[PT, putianRows]]);

// ---------------------------------------------------------------------------------------------
// 荆州 421000 — 004_eba831d64ae4f652.txt, 表 1 (columns: 项 目 | 2020 年 | 2025 年 | 责任部门 | 指标属性).
// No groups. Name cells wrapped in the extracted text are joined without the wrap spaces.
// ---------------------------------------------------------------------------------------------

const JZ: Source = { file: '004_eba831d64ae4f652.txt', table: '表 1 “十四五”期间荆州市医疗保障主要发展指标' };
const JZ_YB = ['医保局'] as const;

const jingzhouRows: Row[] = [
  {
    metric: 'enrollment_rate',
    name: '基本医疗保险参保率',
    nameEn: 'Basic medical insurance enrollment rate',
    unit: '%',
    baseline: ['96.65%', 96.65],
    target: t('>97%', 97, 'GTE'),
    attribute: '约束性',
    lead: JZ_YB,
  },
  {
    metric: 'key_group_enrollment_rate',
    name: '重点人群参保率',
    nameEn: 'Enrollment rate of key groups',
    unit: '%',
    baseline: ['100%', 100],
    target: t('100%', 100, 'EQ'),
    attribute: '约束性',
    lead: ['医保', '民政', '乡村振兴', '卫健', '退役军人事务', '残联'],
  },
  {
    name: '基本医疗保险基金（含生育保险）收入水平',
    nameEn: 'Basic medical insurance fund revenue (incl. maternity)',
    unit: '亿元',
    baseline: ['63.85 亿元', 63.85],
    target: t('收入规模和全市经济发展水平更加适应', null, 'QUALITATIVE'),
    attribute: '预期性',
    lead: ['医保', '税务'],
  },
  {
    name: '基本医疗保险基金（含生育保险）支出水平',
    nameEn: 'Basic medical insurance fund expenditure (incl. maternity)',
    unit: '亿元',
    baseline: ['59.12 亿元', 59.12],
    target: t('支出规模与经济社会发展水平、群众医疗需求更加适应', null, 'QUALITATIVE'),
    attribute: '预期性',
    lead: ['医保', '卫健'],
  },
  {
    // named a 结余率 (rate) but the target is expressed in months of payable expenditure
    name: '统筹基金当期结余率',
    nameEn: 'Pooled fund balance (months of expenditure it can pay)',
    unit: '月',
    baseline: null,
    target: t('可支付 6—9 个月', 6, 'RANGE', { high: 9 }),
    attribute: '预期性',
    lead: JZ_YB,
  },
  {
    metric: 'employee_inpatient_fund_ratio',
    name: '职工医保住院政策范围内报销比例',
    nameEn: 'Employee insurance in-policy inpatient reimbursement ratio',
    unit: '%',
    baseline: ['>75%', 75],
    target: t('81%左右', 81, 'ABOUT'),
    attribute: '约束性',
    lead: JZ_YB,
  },
  {
    metric: 'resident_inpatient_fund_ratio',
    name: '城乡居民医保住院政策范围内报销比例',
    nameEn: 'Resident insurance in-policy inpatient reimbursement ratio',
    unit: '%',
    baseline: ['>65%', 65],
    target: t('70%左右', 70, 'ABOUT'),
    attribute: '约束性',
    lead: JZ_YB,
  },
  {
    metric: 'assistance_ratio',
    name: '重点救助对象政策范围内住院自付费用救助比例',
    nameEn: 'Assistance ratio for in-policy inpatient out-of-pocket costs of key assistance targets',
    unit: '%',
    baseline: ['>70%', 70],
    target: t('>70%', 70, 'GTE'),
    attribute: '预期性',
    lead: JZ_YB,
  },
  {
    // the extracted text puts "定点医疗机构按" on the row with the values and the rest of the name on
    // the next line; joined as written
    metric: 'drg_dip_coverage',
    name: '定点医疗机构按实行按病种分值付费的住院费用占全部住院总费用的比例',
    nameEn: 'Share of designated institutions’ inpatient costs paid by DIP points',
    unit: '%',
    baseline: null,
    target: t('75%', 75, 'EQ'),
    attribute: '预期性',
    lead: JZ_YB,
  },
  {
    name: '公立医疗机构通过省级平台采购药品金额占全部采购药品(不含中药饮片)金额比例',
    nameEn: 'Share of public institutions’ drug purchases (excl. TCM decoction pieces) made on the provincial platform',
    unit: '%',
    baseline: null,
    target: t('90%', 90, 'EQ'),
    attribute: '预期性',
    lead: JZ_YB,
  },
  {
    name: '公立医疗机构通过省级平台采购高值医用耗材金额占全部采购高值医用耗材金额的比例',
    nameEn: 'Share of public institutions’ high-value consumable purchases made on the provincial platform',
    unit: '%',
    baseline: null,
    target: t('80%', 80, 'EQ'),
    attribute: '预期性',
    lead: JZ_YB,
  },
  {
    name: '医保服务网点县、乡(街道)、村(社区)覆盖率',
    nameEn: 'Coverage of service points at county, township (subdistrict) and village (community) level',
    unit: '%',
    baseline: null,
    target: t('100%', 100, 'EQ'),
    attribute: '约束性',
    lead: JZ_YB,
  },
  {
    name: '医疗保障政务服务事项窗口可办率',
    nameEn: 'Share of government service items available at counters',
    unit: '%',
    baseline: ['100%', 100],
    target: t('100%', 100, 'EQ'),
    attribute: '约束性',
    lead: JZ_YB,
  },
  {
    name: '医疗保障政务服务事项线上可办率',
    nameEn: 'Share of government service items available online',
    unit: '%',
    baseline: null,
    target: t('>80%', 80, 'GTE'),
    attribute: '预期性',
    lead: JZ_YB,
  },
  {
    metric: 'cross_province_inpatient_direct_rate',
    name: '住院费用跨省直接结算率',
    nameEn: 'Cross-province inpatient direct settlement rate',
    unit: '%',
    baseline: ['>65%', 65],
    target: t('>70%', 70, 'GTE'),
    attribute: '预期性',
    lead: JZ_YB,
  },
];

const jingzhou = build('421000', 'JZ', [[JZ, jingzhouRows]]);

// ---------------------------------------------------------------------------------------------
// 南京 320100 — 001_8aff2c6e8937ce80.txt. No attributes, no lead departments.
// NJ-01..NJ-25: targets of 专栏 2–11 in text order (category = the 专栏's title). Target year 2025
// unless the text names another; the 专栏 targets that name no year are 十四五 targets, so 2025.
// NJ-26..NJ-56: 专栏 1 rows without a 专栏 target, in table order (category = the table's section).
// 专栏 1 columns: 指标名称 | 2016年初 | “十三五”规划目标 | “十三五”完成情况 | 绝对变化数 | 同比增长; only
// “十三五”完成情况 (the 2020 figure) is kept. Units are those in the row name's parentheses.
// ---------------------------------------------------------------------------------------------

const NJ_FILE = '001_8aff2c6e8937ce80.txt';
const nj = (table: string): Source => ({ file: NJ_FILE, table });
const NJ1 = nj('专栏 1  “十三五”时期医疗保障发展主要目标完成情况');

/** A 2020 figure from 专栏 1 used as the baseline of a 专栏 target. */
const fromNJ1 = (text: string, value: number): Pick<Row, 'baseline' | 'baselineSource'> => ({
  baseline: [text, value],
  baselineSource: NJ1,
});

const njTargets: (readonly [Source, Row[]])[] = [
  [nj('专栏 2  提升全民医保质量水平'), [
    {
      metric: 'enrollment_count',
      category: '提升全民医保质量水平',
      name: '基本医疗保险参保人数',
      nameEn: 'Basic medical insurance enrollees',
      unit: '万人',
      ...fromNJ1('797.35', 797.35),
      target: t('达到 900万人', 900, 'EQ'),
    },
    {
      // the 专栏 writes "参保率" after 基本医疗保险参保人数; the name is 专栏 1's
      metric: 'enrollment_rate',
      category: '提升全民医保质量水平',
      name: '基本医疗保险参保率',
      nameEn: 'Basic medical insurance enrollment rate',
      unit: '%',
      ...fromNJ1('>99', 99),
      target: t('稳定在 99%以上', 99, 'STABLE'),
    },
    {
      metric: 'employee_share',
      category: '提升全民医保质量水平',
      name: '职工基本医疗保险参保人数占比',
      nameEn: 'Share of enrollees in employee basic medical insurance',
      unit: '%',
      baseline: null,
      target: t('达到 60%以上', 60, 'GTE'),
    },
    {
      category: '提升全民医保质量水平',
      name: '职工医保统筹基金备付水平',
      nameEn: 'Employee pooled fund reserve (months of expenditure)',
      unit: '月',
      baseline: null,
      target: t('提升至 10个月', 10, 'EQ'),
    },
  ]],
  [nj('专栏 3  构建多层次医疗保障体系'), [
      {
        metric: 'outpatient_fund_ratio',
        category: '构建多层次医疗保障体系',
        name: '职工医保门诊政策范围内报销比例',
        nameEn: 'Employee insurance in-policy outpatient reimbursement ratio',
        unit: '%',
        baseline: null,
        target: t('提升到 50%以上', 50, 'GTE'),
      },
      {
        // written "住院政策范围内报销比例" right after 职工医保门诊...; 专栏 1 row 9 gives the 2020 figure
        metric: 'employee_inpatient_fund_ratio',
        category: '构建多层次医疗保障体系',
        name: '职工医保住院政策范围内报销比例',
        nameEn: 'Employee insurance in-policy inpatient reimbursement ratio',
        unit: '%',
        ...fromNJ1('89.02', 89.02),
        target: t('稳定在 85%左右', 85, 'STABLE'),
      },
      {
        metric: 'resident_inpatient_fund_ratio',
        category: '构建多层次医疗保障体系',
        name: '居民医保住院政策范围内报销比例',
        nameEn: 'Resident insurance in-policy inpatient reimbursement ratio',
        unit: '%',
        ...fromNJ1('73', 73),
        target: t('稳定在 70%左右', 70, 'STABLE'),
      },
      {
        metric: 'critical_illness_ratio',
        category: '构建多层次医疗保障体系',
        name: '城乡居民大病保险报销比例',
        nameEn: 'Resident critical illness insurance reimbursement ratio',
        unit: '%',
        ...fromNJ1('63.5', 63.5),
        target: t('提升至 63%', 63, 'EQ'),
      },
      {
        metric: 'key_group_enrollment_rate',
        category: '构建多层次医疗保障体系',
        name: '城乡居民基本医疗保险困难人员参保率',
        nameEn: 'Enrollment rate of people in hardship in resident insurance',
        unit: '%',
        baseline: null,
        target: t('100%', 100, 'EQ'),
      },
      {
        category: '构建多层次医疗保障体系',
        name: '符合条件的各类救助对象参加城乡居民医保个人缴费部分',
        nameEn: 'Subsidy of the individual resident-insurance contribution of eligible assistance targets',
        unit: '%',
        baseline: null,
        target: t('100%全额资助', 100, 'EQ'),
      },
      {
        metric: 'assistance_ratio',
        category: '构建多层次医疗保障体系',
        name: '重点救助对象符合规定的住院医疗费用救助比例',
        nameEn: 'Assistance ratio for eligible inpatient costs of key assistance targets',
        unit: '%',
        baseline: null,
        target: t('达到 70%', 70, 'EQ'),
      },
  ]],
  [nj('专栏 4  深化医保支付方式改革'), [
      {
        category: '深化医保支付方式改革',
        name: '全市二级及以上定点医疗机构参改率',
        nameEn: 'Share of secondary-and-above designated institutions in the DRG payment reform',
        unit: '%',
        baseline: null,
        target: t('达 100%', 100, 'EQ', { year: 2021 }),
      },
      {
        category: '深化医保支付方式改革',
        name: '按照疾病诊断相关分组（DRG）实际付费',
        nameEn: 'Actual payment by DRG',
        unit: null,
        baseline: null,
        target: t('实现按照疾病诊断相关分组（DRG）实际付费', null, 'QUALITATIVE', { year: 2022 }),
      },
      {
        metric: 'drg_dip_coverage',
        category: '深化医保支付方式改革',
        name: '实行按疾病诊断相关分组付费和按病种付费的住院费用占全部住院费用',
        nameEn: 'Share of inpatient costs paid by DRG or by disease',
        unit: '%',
        baseline: null,
        target: t('70%', 70, 'EQ'),
      },
  ]],
  [nj('专栏 5  开展基金监管项目治理'), [
      {
        category: '开展基金监管项目治理',
        name: '全市所有定点医药机构现场检查覆盖率',
        nameEn: 'On-site inspection coverage of all designated medical institutions and pharmacies',
        unit: '%',
        baseline: null,
        target: t('达到 100%', 100, 'EQ'),
      },
      {
        category: '开展基金监管项目治理',
        name: '欺诈骗保案件线索办结率',
        nameEn: 'Closure rate of insurance-fraud case leads',
        unit: '%',
        baseline: null,
        target: t('达到 100%', 100, 'EQ'),
      },
  ]],
  [nj('专栏 6  深化医用耗材（药品）治理改革'), [
      {
        metric: 'direct_settlement_rate',
        category: '深化医用耗材（药品）治理改革',
        name: '医药企业与医保基金直接结算率',
        nameEn: 'Direct settlement rate between pharmaceutical companies and the insurance fund',
        unit: '%',
        baseline: null,
        target: t('达到 50%', 50, 'EQ'),
      },
      {
        category: '深化医用耗材（药品）治理改革',
        name: '公立定点医疗机构医用耗材（药品）网上采购率',
        nameEn: 'Online purchase rate of consumables (drugs) by public designated institutions',
        unit: '%',
        baseline: null,
        target: t('达到 98%', 98, 'EQ'),
      },
  ]],
  [nj('专栏 7  实施医用防疫物资储备监测'), [
      {
        category: '实施医用防疫物资储备监测',
        name: '医用物资储备量',
        nameEn: 'Medical supplies reserve (months of use)',
        unit: '月',
        baseline: null,
        target: t('至少保证 1个月的使用时间', 1, 'GTE'),
      },
  ]],
  [nj('专栏 8  优化医疗保障公共管理服务'), [
      {
        category: '优化医疗保障公共管理服务',
        name: '医疗保障政务服务事项线上可办率',
        nameEn: 'Share of government service items available online',
        unit: '%',
        baseline: null,
        target: t('达到 80%', 80, 'EQ'),
      },
  ]],
  [nj('专栏 9  健全完善失能人员照护保险制度'), [
      {
        category: '健全完善失能人员照护保险制度',
        name: '失能人员照护保险覆盖率',
        nameEn: 'Coverage of long-term care insurance for disabled persons',
        unit: '%',
        baseline: null,
        target: t('达到 100%', 100, 'EQ'),
      },
  ]],
  [nj('专栏 10  建设“南京医保智慧大脑”工程'), [
      {
        category: '建设“南京医保智慧大脑”工程',
        name: '医保电子凭证',
        nameEn: 'Medical insurance e-credential',
        unit: null,
        baseline: null,
        target: t('普遍应用', null, 'QUALITATIVE'),
      },
  ]],
  [nj('专栏 11  深化医保长三角一体化建设'), [
      {
        category: '深化医保长三角一体化建设',
        name: '异地就医普通门诊、门诊特殊项目（门诊大病）、门诊慢性病、药店购药和住院费用的直接结算',
        nameEn: 'Direct settlement of out-of-area outpatient, special outpatient, chronic disease, pharmacy and inpatient costs',
        unit: null,
        baseline: null,
        target: t(
          '实现异地就医普通门诊、门诊特殊项目（门诊大病）、门诊慢性病、药店购药和住院费用的直接结算',
          null,
          'QUALITATIVE',
        ),
      },
      {
        metric: 'cross_region_outpatient_direct_rate',
        category: '深化医保长三角一体化建设',
        name: '异地就医门诊直接结算率',
        nameEn: 'Out-of-area outpatient direct settlement rate',
        unit: '%',
        baseline: null,
        target: t('达到 90%以上', 90, 'GTE'),
      },
      {
        metric: 'cross_province_inpatient_direct_rate',
        category: '深化医保长三角一体化建设',
        name: '住院费用跨省直接结算率',
        nameEn: 'Cross-province inpatient direct settlement rate',
        unit: '%',
        baseline: null,
        target: t('达到 70%以上', 70, 'GTE'),
      },
  ]],
];

/** A 专栏 1 row with no 专栏 target: the 2020 figure is baseline and observation, no target. */
const done = (
  category: string,
  name: string,
  nameEn: string,
  unit: string,
  text: string,
  value: number,
  metric?: MetricKey,
): Row => ({ category, name, nameEn, unit, baseline: [text, value], target: null, ...(metric ? { metric } : {}) });

const UEBMI = '城镇职工基本医疗保险（生育保险）';
const URRBMI = '城乡居民基本医疗保险';
const SERVICE = '经办服务';

// Rows 1, 2, 9, 15 and 16 of 专栏 1 are the baselines of NJ-01, NJ-02, NJ-06, NJ-07 and NJ-08.
const njCompletion: Row[] = [
    done(UEBMI, '城镇职工基本医疗保险参保人数', 'Employee insurance enrollees', '万人', '483.73', 483.73),
    done(UEBMI, '城镇职工基本医疗保险基金收入', 'Employee insurance fund revenue', '亿元', '267.10', 267.1),
    done(UEBMI, '城镇职工基本医疗保险基金支出', 'Employee insurance fund expenditure', '亿元', '223.41', 223.41),
    done(UEBMI, '统筹基金支出', 'of which: pooled fund expenditure', '亿元', '147.94', 147.94),
    done(UEBMI, '个人账户基金支出', 'of which: personal account expenditure', '亿元', '75.47', 75.47),
    done(UEBMI, '城镇职工基本医疗保险基金累计结余', 'Employee insurance fund accumulated balance', '亿元', '350.69', 350.69),
    done(UEBMI, '统筹基金结余', 'of which: pooled fund balance', '亿元', '125.32', 125.32),
    done(UEBMI, '个人账户基金结余', 'of which: personal account balance', '亿元', '225.37', 225.37),
    done(UEBMI, '城镇职工基本医疗保险享受待遇人次', 'Employee insurance benefit visits', '万人次', '6433.71', 6433.71),
    done(UEBMI, '普通门急诊人次', 'of which: general outpatient and emergency visits', '万人次', '3801.32', 3801.32),
    done(UEBMI, '门诊慢性病人次', 'of which: chronic-disease outpatient visits', '万人次', '709.06', 709.06),
    done(UEBMI, '门诊特定项目人次', 'of which: special-item outpatient visits', '万人次', '161.81', 161.81),
    done(UEBMI, '住院人次', 'of which: inpatient admissions (employee insurance)', '万人次', '64.88', 64.88),
    done(UEBMI, '城镇职工基本医疗保险参保人员医疗总费用', 'Total medical costs of employee-insurance enrollees', '亿元', '252.72', 252.72),
    done(UEBMI, '门诊费用', 'of which: outpatient costs', '亿元', '124.88', 124.88),
    done(UEBMI, '住院费用', 'of which: inpatient costs', '亿元', '106.96', 106.96),
    done(UEBMI, '个人账户药店支出费用', 'of which: personal-account pharmacy spending', '亿元', '19.61', 19.61),
    done(UEBMI, '生育保险参保人数', 'Maternity insurance enrollees', '万人', '323.21', 323.21),
    done(URRBMI, '城乡居民基本医疗保险参保人数', 'Resident insurance enrollees', '万人', '313.62', 313.62),
    done(URRBMI, '城乡居民基本医疗保险人均筹资额', 'Resident insurance funding per capita', '元', '1400', 1400),
    done(URRBMI, '人均财政补助', 'of which: government subsidy per capita', '元', '1100', 1100),
    done(URRBMI, '城乡居民基本医疗保险参保人员医疗总费用', 'Total medical costs of resident-insurance enrollees', '亿元', '69.52', 69.52),
    done(URRBMI, '城乡居民基本医疗保险享受待遇人次', 'Resident insurance benefit visits', '万人次', '1638.45', 1638.45),
    done(URRBMI, '门诊人次', 'of which: outpatient visits', '万人次', '1569.91', 1569.91),
    done(URRBMI, '门诊大病人次', 'of which: serious-illness outpatient visits', '万人次', '31.57', 31.57),
    done(URRBMI, '住院人次', 'of which: inpatient admissions (resident insurance)', '万人次', '34.01', 34.01),
    done(SERVICE, '定点医疗机构', 'Designated medical institutions', '所', '1810', 1810, 'designated_institution_count'),
    done(SERVICE, '三级医疗机构', 'of which: tertiary institutions', '所', '31', 31),
    done(SERVICE, '二级医疗机构', 'of which: secondary institutions', '所', '81', 81),
    done(SERVICE, '一级及以下医疗机构', 'of which: primary and lower institutions', '所', '1698', 1698),
    done(SERVICE, '定点零售药店', 'Designated retail pharmacies', '所', '1951', 1951, 'designated_pharmacy_count'),
];

const nanjing = build('320100', 'NJ', [...njTargets, [NJ1, njCompletion]]);

/** Every indicator row of the source documents, in region then table order. */
export const indicatorSeeds: IndicatorSeed[] = [...nantong, ...nanjing, ...putian, ...jingzhou];
