/**
 * Benefit-policy parameters as data for the four pooling areas, 2024–2026: 统筹基金 (basic fund)
 * schedules, 大病保险 (critical illness), 医疗救助 (medical assistance), 居民 premiums and 惠民保
 * (city commercial insurance) products. Records feed the settlement engine unchanged: money in
 * integer fen, ratios as decimals with at most 4 places.
 *
 * Provenance convention, per record:
 * - `source` names the shared seed document (see the shared seeds/README.md) that states the
 *   record's headline figure (a ratio, or the resident funding level), with the line quoted in
 *   `note`; the note also says which other figures in the record are defaults. `source` is null
 *   when no document says anything about the record.
 * - `isDefault` is false only when the headline figure is stated in the cited document; anything
 *   chosen here (a level split, a deductible, a cap, a year the document does not cover) makes it
 *   true.
 * The documents are 十四五 (2021–2025) plans with 2020 values and 2025 targets, so their figures
 * stand for 2024, 2025 and 2026 alike.
 *
 * Modelling constraints from the engine (SETTLEMENT.md), which shape the defaults:
 * - One fund annual cap (封顶线) per region × scheme × year, repeated on every encounter type,
 *   because the person's `fundPaid` accumulator is one yearly sum.
 * - One per-year deductible per region × scheme × year for the non-inpatient types (the yearly
 *   `deductiblePaid` accumulator is shared); only a documented zero deductible differs.
 */
import { applyRatio } from '../src/benefits/settlement/money.js';
import type {
  AssistanceCategory,
  AssistanceParams,
  BasicPolicyParams,
  CriticalIllnessParams,
  EncounterType,
  Fen,
  ProductTerms,
  Ratio,
} from '../src/benefits/settlement/types.js';
import type { RegionCode } from './regions.js';

/** 职工 (urban employee) or 居民 (urban and rural resident) basic medical insurance. */
export type Scheme = 'EMPLOYEE' | 'RESIDENT';
/** Hospital grade 一级/二级/三级; pharmacies have none. */
export type InstitutionLevel = 1 | 2 | 3;

export const POLICY_YEARS = [2024, 2025, 2026] as const;
export type PolicyYear = (typeof POLICY_YEARS)[number];

export interface PolicySource {
  /** File name of a shared seed document, e.g. `000_e219cc0eb7e48e46.txt`. */
  readonly file: string;
  readonly note: string;
}

interface Provenance {
  readonly source: PolicySource | null;
  readonly isDefault: boolean;
}

export interface BenefitPolicySeed extends BasicPolicyParams, Provenance {
  readonly regionCode: RegionCode;
  readonly scheme: Scheme;
  readonly year: PolicyYear;
  readonly encounterType: EncounterType;
  /** Null exactly for the PHARMACY row. */
  readonly institutionLevel: InstitutionLevel | null;
}

export interface CriticalIllnessPolicySeed extends CriticalIllnessParams, Provenance {
  readonly regionCode: RegionCode;
  readonly scheme: Scheme;
  readonly year: PolicyYear;
}

export interface AssistancePolicySeed extends AssistanceParams, Provenance {
  readonly regionCode: RegionCode;
  readonly year: PolicyYear;
  /** 资助参保: what assistance pays towards the recipient's individual resident premium. */
  readonly subsidyAmount: Fen;
}

/** 居民 funding per head for a region and year. */
export interface ResidentPremiumSeed extends Provenance {
  readonly regionCode: RegionCode;
  readonly year: PolicyYear;
  /** 筹资标准: total funding per insured resident (government subsidy + individual premium). */
  readonly fundingPerCapita: Fen;
  /** 个人缴费: the individual premium, which 资助参保 pays in full or in part for recipients. */
  readonly individualPremium: Fen;
}

export interface InsurerSeed {
  readonly code: string;
  readonly name: string;
}

export interface ProductSeed extends ProductTerms, Provenance {
  readonly code: string;
  readonly name: string;
  readonly insurerCode: string;
  readonly insurerName: string;
  readonly regionCode: RegionCode;
  readonly year: PolicyYear;
  readonly startDate: string;
  readonly endDate: string;
  readonly premium: Fen;
  readonly status: 'ACTIVE';
}

const NANTONG = '320600';
const NANJING = '320100';
const PUTIAN = '350300';
const JINGZHOU = '421000';

const NANTONG_PLAN = '000_e219cc0eb7e48e46.txt';
const NANJING_PLAN = '001_8aff2c6e8937ce80.txt';
const PUTIAN_PLAN = '002_c22904b03bed3402.txt';
const NANTONG_POOLING = '003_7991ff9993990ec9.txt';
const JINGZHOU_PLAN = '004_eba831d64ae4f652.txt';

const yuan = (amount: number): Fen => Math.round(amount * 100);

const DEFAULT: Provenance = { source: null, isDefault: true };
/** The headline figure is stated in `file`. */
const stated = (file: string, note: string): Provenance => ({ source: { file, note }, isDefault: false });
/** `file` states something the figure is derived from, but the figure itself is a default. */
const derived = (file: string, note: string): Provenance => ({ source: { file, note }, isDefault: true });

// ---------------------------------------------------------------------------------------------
// 统筹基金 (basic fund) schedules
// ---------------------------------------------------------------------------------------------

interface ScheduleRow {
  readonly deductible: number;
  readonly ratio: Ratio;
  readonly provenance: Provenance;
}

type LevelRows = readonly [ScheduleRow, ScheduleRow, ScheduleRow];

/** One region × scheme: amounts in yuan, rows for levels 1, 2, 3. */
interface FundSchedule {
  readonly regionCode: RegionCode;
  readonly scheme: Scheme;
  readonly classBSelfPayShare: Ratio;
  readonly annualCap: number;
  readonly inpatient: LevelRows;
  readonly outpatient: LevelRows;
  readonly chronicOutpatient: LevelRows;
  readonly pharmacy: ScheduleRow;
}

const row = (deductible: number, ratio: Ratio, provenance: Provenance = DEFAULT): ScheduleRow => ({
  deductible,
  ratio,
  provenance,
});

/**
 * Inpatient rows where a document states one 政策范围内住院 ratio: it is used at level 3, where most
 * inpatient spending happens, and lower grades get +5/+10 points, the 分级诊疗 gap 003 asks for
 * ("合理拉开基层医疗卫生机构、县级医疗机构和城市医疗机构间报销水平差距").
 */
function inpatientRows(deductibles: readonly [number, number, number], level3Ratio: Ratio, file: string, quote: string): LevelRows {
  const note = `${quote}; used at level 3. Deductibles, 乙类 share and annual cap are defaults.`;
  const uplift = `${quote}; levels 1–2 add 10/5 points (default, per the 分级诊疗 gap in ${NANTONG_POOLING}). Deductibles, 乙类 share and annual cap are defaults.`;
  return [
    row(deductibles[0], round4(level3Ratio + 0.1), derived(file, uplift)),
    row(deductibles[1], round4(level3Ratio + 0.05), derived(file, uplift)),
    row(deductibles[2], level3Ratio, stated(file, note)),
  ];
}

/** Keeps ratio sums like 0.7 + 0.1 at 4 decimals (float addition gives 0.7999999999999999). */
function round4(ratio: number): Ratio {
  return Math.round(ratio * 10_000) / 10_000;
}

const NANTONG_SPECIAL_DISEASES =
  '"长期精神病等8种特殊病政策范围内门诊医疗统筹基金限额内支付比例提高到60%—80%"; the range is spread over levels 1–3 (default). Deductible and cap are defaults.';

const FUND_SCHEDULES: readonly FundSchedule[] = [
  {
    regionCode: NANTONG,
    scheme: 'EMPLOYEE',
    classBSelfPayShare: 0.1,
    annualCap: 400_000,
    inpatient: inpatientRows([300, 600, 900], 0.85, NANTONG_PLAN, '"职工、居民医疗保险政策范围内住院费用报销比例提高到85%和70%" (table row 3: 稳定在85%左右)'),
    outpatient: [row(800, 0.7), row(800, 0.6), row(800, 0.55)],
    chronicOutpatient: [
      row(800, 0.8, stated(NANTONG_PLAN, NANTONG_SPECIAL_DISEASES)),
      row(800, 0.7, stated(NANTONG_PLAN, NANTONG_SPECIAL_DISEASES)),
      row(800, 0.6, stated(NANTONG_PLAN, NANTONG_SPECIAL_DISEASES)),
    ],
    pharmacy: row(800, 0.5),
  },
  {
    regionCode: NANTONG,
    scheme: 'RESIDENT',
    classBSelfPayShare: 0.1,
    annualCap: 300_000,
    inpatient: inpatientRows([200, 500, 800], 0.7, NANTONG_PLAN, '"职工、居民医疗保险政策范围内住院费用报销比例提高到85%和70%" (table row 4: 稳定在70%左右)'),
    outpatient: [row(200, 0.6), row(200, 0.5), row(200, 0.4)],
    chronicOutpatient: [
      row(200, 0.7, stated(NANTONG_PLAN, NANTONG_SPECIAL_DISEASES)),
      row(200, 0.65, stated(NANTONG_PLAN, NANTONG_SPECIAL_DISEASES)),
      row(200, 0.6, stated(NANTONG_PLAN, NANTONG_SPECIAL_DISEASES)),
    ],
    pharmacy: row(200, 0.5),
  },
  {
    regionCode: NANJING,
    scheme: 'EMPLOYEE',
    classBSelfPayShare: 0.1,
    annualCap: 450_000,
    inpatient: inpatientRows([300, 600, 900], 0.85, NANJING_PLAN, '"住院政策范围内报销比例稳定在85%左右" (职工, 2025 target)'),
    outpatient: [
      row(1000, 0.7),
      row(1000, 0.6),
      row(
        1000,
        0.5,
        stated(NANJING_PLAN, '"到2025年，职工医保门诊政策范围内报销比例提升到50%以上"; used at level 3, levels 1–2 are defaults. Deductible and cap are defaults.'),
      ),
    ],
    chronicOutpatient: [row(1000, 0.85), row(1000, 0.8), row(1000, 0.75)],
    pharmacy: row(1000, 0.5),
  },
  {
    regionCode: NANJING,
    scheme: 'RESIDENT',
    classBSelfPayShare: 0.1,
    annualCap: 300_000,
    inpatient: inpatientRows([200, 500, 800], 0.7, NANJING_PLAN, '"居民医保住院政策范围内报销比例稳定在70%左右" (2025 target)'),
    outpatient: [row(200, 0.6), row(200, 0.5), row(200, 0.4)],
    chronicOutpatient: [row(200, 0.7), row(200, 0.65), row(200, 0.6)],
    pharmacy: row(200, 0.5),
  },
  {
    regionCode: PUTIAN,
    scheme: 'EMPLOYEE',
    classBSelfPayShare: 0.1,
    annualCap: 300_000,
    inpatient: inpatientRows([300, 600, 900], 0.86, PUTIAN_PLAN, 'indicator table, "职工医保政策范围内住院费用基金支付比例": 83.87% (2020) → 86%左右 (2025 target)'),
    outpatient: [row(700, 0.7), row(700, 0.6), row(700, 0.5)],
    chronicOutpatient: [row(700, 0.8), row(700, 0.75), row(700, 0.7)],
    pharmacy: row(700, 0.5),
  },
  {
    regionCode: PUTIAN,
    scheme: 'RESIDENT',
    classBSelfPayShare: 0.15,
    annualCap: 200_000,
    inpatient: inpatientRows(
      [200, 500, 800],
      0.7,
      PUTIAN_PLAN,
      'indicator table, "城乡居民医保政策范围内住院费用基金支付比例(含大病保险)": 60.49% (2020) → 70%左右 (2025 target; the document counts 大病 in it, here it is the fund ratio)',
    ),
    outpatient: [
      row(
        0,
        0.6,
        stated(
          PUTIAN_PLAN,
          '"乡镇卫生院（社区卫生服务中心）普通门诊不设起付线，按照60%予以报销，单次封顶线从25元提高到35元": deductible 0 and 60% stated; the 35元 per-visit cap and the 村卫生所 tier (50%, 30元, 年度80元) are not modelled by the engine. Annual cap is the default.',
        ),
      ),
      row(100, 0.5),
      row(100, 0.4),
    ],
    chronicOutpatient: [row(100, 0.65), row(100, 0.6), row(100, 0.55)],
    pharmacy: row(100, 0.5),
  },
  {
    regionCode: JINGZHOU,
    scheme: 'EMPLOYEE',
    classBSelfPayShare: 0.1,
    annualCap: 300_000,
    inpatient: inpatientRows([300, 600, 900], 0.81, JINGZHOU_PLAN, 'indicator table, "职工医保住院政策范围内报销比例": >75% (2020) → 81%左右 (2025 target)'),
    outpatient: [
      row(600, 0.7, derived(JINGZHOU_PLAN, '"普通门诊共济保障设立起付标准、支付比例和年度支付限额" (no figures stated); all figures are defaults.')),
      row(600, 0.6, derived(JINGZHOU_PLAN, '"普通门诊共济保障设立起付标准、支付比例和年度支付限额" (no figures stated); all figures are defaults.')),
      row(600, 0.5, derived(JINGZHOU_PLAN, '"普通门诊共济保障设立起付标准、支付比例和年度支付限额" (no figures stated); all figures are defaults.')),
    ],
    chronicOutpatient: [row(600, 0.85), row(600, 0.8), row(600, 0.75)],
    pharmacy: row(600, 0.5),
  },
  {
    regionCode: JINGZHOU,
    scheme: 'RESIDENT',
    classBSelfPayShare: 0.15,
    annualCap: 200_000,
    inpatient: inpatientRows([200, 500, 800], 0.7, JINGZHOU_PLAN, 'indicator table, "城乡居民医保住院政策范围内报销比例": >65% (2020) → 70%左右 (2025 target)'),
    outpatient: [row(100, 0.6), row(100, 0.5), row(100, 0.4)],
    chronicOutpatient: [row(100, 0.65), row(100, 0.6), row(100, 0.55)],
    pharmacy: row(100, 0.5),
  },
];

function fundPolicyRecords(schedule: FundSchedule, year: PolicyYear): BenefitPolicySeed[] {
  const record = (encounterType: EncounterType, institutionLevel: InstitutionLevel | null, r: ScheduleRow): BenefitPolicySeed => ({
    regionCode: schedule.regionCode,
    scheme: schedule.scheme,
    year,
    encounterType,
    institutionLevel,
    deductible: yuan(r.deductible),
    ratio: r.ratio,
    classBSelfPayShare: schedule.classBSelfPayShare,
    annualCap: yuan(schedule.annualCap),
    ...r.provenance,
  });
  const levels = [1, 2, 3] as const;
  return [
    ...levels.map((level, i) => record('INPATIENT', level, schedule.inpatient[i]!)),
    ...levels.map((level, i) => record('OUTPATIENT', level, schedule.outpatient[i]!)),
    ...levels.map((level, i) => record('CHRONIC_OUTPATIENT', level, schedule.chronicOutpatient[i]!)),
    record('PHARMACY', null, schedule.pharmacy),
  ];
}

/** 统筹基金 parameters: region × scheme × year × (3 encounter types × levels 1–3 + one PHARMACY row). */
export const benefitPolicySeeds: readonly BenefitPolicySeed[] = POLICY_YEARS.flatMap((year) =>
  FUND_SCHEDULES.flatMap((schedule) => fundPolicyRecords(schedule, year)),
);

// ---------------------------------------------------------------------------------------------
// 大病保险 (critical illness)
// ---------------------------------------------------------------------------------------------

const NATIONAL_TILT_NOTE =
  'Assistance-recipient tilt (threshold −50%, ratios +5 points) follows the national rule for 特困/低保/返贫致贫 (国办发〔2021〕42号 as summarised in DOMAIN.md §2.2), a default here.';

const NANJING_TILT = '"对救助对象实施大病保险倾斜政策，大病保险起付线降低 50%，报销比例提高 5 个百分点" is stated.';

/** Segment bounds are cumulative qualifying amounts in yuan. */
const segmentsOf = (...pairs: readonly (readonly [number | null, Ratio])[]) =>
  pairs.map(([upTo, ratio]) => ({ upToFen: upTo === null ? null : yuan(upTo), ratio }));

const CRITICAL_ILLNESS_SCHEDULES: readonly (Omit<CriticalIllnessPolicySeed, 'year'>)[] = [
  {
    regionCode: NANTONG,
    scheme: 'EMPLOYEE',
    threshold: yuan(20_000),
    segments: segmentsOf([50_000, 0.6], [100_000, 0.7], [null, 0.8]),
    annualCap: null,
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...derived(NANTONG_PLAN, `"统一全市职工、居民大病保险政策" (no figures stated); threshold, segments and no cap are defaults. ${NATIONAL_TILT_NOTE}`),
  },
  {
    regionCode: NANTONG,
    scheme: 'RESIDENT',
    threshold: yuan(15_000),
    segments: segmentsOf([50_000, 0.6], [100_000, 0.7], [null, 0.8]),
    annualCap: null,
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...derived(NANTONG_PLAN, `"统一全市职工、居民大病保险政策" (no figures stated); threshold, segments and no cap are defaults. ${NATIONAL_TILT_NOTE}`),
  },
  {
    regionCode: NANJING,
    scheme: 'EMPLOYEE',
    threshold: yuan(20_000),
    segments: segmentsOf([50_000, 0.6], [100_000, 0.7], [null, 0.8]),
    annualCap: null,
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...stated(
      NANJING_PLAN,
      `"实行分段累计支付方式，职工和城乡居民大病保险报销比例分别达到 60—80%、60—70%": 职工 60/70/80%; segment bounds, threshold and no cap are defaults. ${NANJING_TILT}`,
    ),
  },
  {
    regionCode: NANJING,
    scheme: 'RESIDENT',
    threshold: yuan(15_000),
    segments: segmentsOf([50_000, 0.6], [100_000, 0.65], [null, 0.7]),
    annualCap: null,
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...stated(
      NANJING_PLAN,
      `"职工和城乡居民大病保险报销比例分别达到 60—80%、60—70%": 居民 60/65/70%; segment bounds, threshold and no cap are defaults. ${NANJING_TILT}`,
    ),
  },
  {
    regionCode: PUTIAN,
    scheme: 'EMPLOYEE',
    threshold: yuan(15_000),
    segments: segmentsOf([100_000, 0.6], [null, 0.7]),
    annualCap: yuan(400_000),
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...DEFAULT,
  },
  {
    regionCode: PUTIAN,
    scheme: 'RESIDENT',
    threshold: yuan(12_000),
    segments: segmentsOf([100_000, 0.6], [null, 0.7]),
    annualCap: yuan(400_000),
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...DEFAULT,
  },
  {
    regionCode: JINGZHOU,
    scheme: 'EMPLOYEE',
    threshold: yuan(15_000),
    segments: segmentsOf([50_000, 0.6], [100_000, 0.7], [null, 0.8]),
    annualCap: yuan(300_000),
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...DEFAULT,
  },
  {
    regionCode: JINGZHOU,
    scheme: 'RESIDENT',
    threshold: yuan(12_000),
    segments: segmentsOf([50_000, 0.6], [100_000, 0.7], [null, 0.8]),
    annualCap: yuan(300_000),
    thresholdFactor: 0.5,
    ratioBonus: 0.05,
    ...DEFAULT,
  },
];

/** 大病保险 parameters per region × scheme × year. */
export const criticalIllnessPolicySeeds: readonly CriticalIllnessPolicySeed[] = POLICY_YEARS.flatMap((year) =>
  CRITICAL_ILLNESS_SCHEDULES.map((schedule) => ({ ...schedule, year })),
);

// ---------------------------------------------------------------------------------------------
// 居民 premiums
// ---------------------------------------------------------------------------------------------

/**
 * National minimum per-head government subsidy by year, and the 400元 individual premium minimum
 * from 2024. DOMAIN.md §5 quotes nhsa.gov.cn for 2024 (670/400) and for 2026 (+24 on 2025); the
 * 2025 step (+30) is a recollection, so these are defaults.
 */
const NATIONAL_SUBSIDY_YUAN: Record<PolicyYear, number> = { 2024: 670, 2025: 700, 2026: 724 };
const NATIONAL_INDIVIDUAL_YUAN = 400;

function residentPremium(regionCode: RegionCode, year: PolicyYear): ResidentPremiumSeed {
  const key = { regionCode, year };
  if (regionCode === NANTONG) {
    return {
      ...key,
      fundingPerCapita: yuan(1200),
      individualPremium: yuan(400),
      ...stated(
        NANTONG_POOLING,
        `"居民医保筹资标准从2020年1月1日起全市统一为1200元"; ${NANTONG_PLAN} gives "人均财政补助标准提高到每人每年800元", so the individual premium is 400元. No later figure is stated; carried forward.`,
      ),
    };
  }
  if (regionCode === NANJING) {
    return {
      ...key,
      fundingPerCapita: yuan(1100 + NATIONAL_INDIVIDUAL_YUAN),
      individualPremium: yuan(NATIONAL_INDIVIDUAL_YUAN),
      ...derived(
        NANJING_PLAN,
        'Completion table row 12: 人均筹资额 1400元 of which 人均财政补助 1100元 (2020); the individual part is raised to the 2024 national minimum 400元 (default), giving 1500元.',
      ),
    };
  }
  const funding = {
    ...key,
    fundingPerCapita: yuan(NATIONAL_SUBSIDY_YUAN[year] + NATIONAL_INDIVIDUAL_YUAN),
    individualPremium: yuan(NATIONAL_INDIVIDUAL_YUAN),
  };
  return regionCode === PUTIAN
    ? {
        ...funding,
        ...derived(PUTIAN_PLAN, '"2020年各级财政对城乡居民基本医保补助标准为550元/人"; 2024–2026 use the national minimum subsidy and individual premium (defaults).'),
      }
    : { ...funding, ...DEFAULT };
}

const POLICY_REGIONS: readonly RegionCode[] = [NANTONG, NANJING, PUTIAN, JINGZHOU];

/** 居民 funding and individual premium per region × year. */
export const residentPremiumSeeds: readonly ResidentPremiumSeed[] = POLICY_YEARS.flatMap((year) =>
  POLICY_REGIONS.map((regionCode) => residentPremium(regionCode, year)),
);

// ---------------------------------------------------------------------------------------------
// 医疗救助 (medical assistance)
// ---------------------------------------------------------------------------------------------

interface AssistanceTerms {
  readonly ratio: Ratio;
  readonly annualCap: number;
  /** Share of the individual premium paid by 资助参保: 全额 (1) for 特困, 定额 (a share) for others. */
  readonly subsidyShare: Ratio;
  readonly provenance: Provenance;
}

type AssistanceSchedule = Record<AssistanceCategory, AssistanceTerms>;

const SUBSIDY_DEFAULT_NOTE = 'Subsidy: 全额资助特困人员, 定额资助 others (national rule, DOMAIN.md §2.2); the shares and the annual cap are defaults.';

function keyRecipients(ratio: Ratio, file: string, quote: string, isStated: boolean, caps: readonly [number, number], subsidyNote: string) {
  const provenance = (isStated ? stated : derived)(file, `${quote}. ${subsidyNote}`);
  return {
    EXTREME_POVERTY: { ratio, annualCap: caps[0], subsidyShare: 1, provenance },
    SUBSISTENCE: { ratio, annualCap: caps[1], subsidyShare: 0.7, provenance },
  } as const;
}

const otherRecipients = (caps: readonly [number, number, number]) =>
  ({
    LOW_INCOME: { ratio: 0.6, annualCap: caps[0], subsidyShare: 0.5, provenance: DEFAULT },
    RELAPSE_MONITORING: { ratio: 0.6, annualCap: caps[1], subsidyShare: 0.6, provenance: DEFAULT },
    ILLNESS_POVERTY: { ratio: 0.5, annualCap: caps[2], subsidyShare: 0.5, provenance: DEFAULT },
  }) as const;

const NANJING_FULL_SUBSIDY = '"符合条件的各类救助对象参加城乡居民医保个人缴费部分 100%全额资助" (stated for every category)';

/** Nanjing subsidises every category's individual premium in full. */
function withFullSubsidy(schedule: AssistanceSchedule): AssistanceSchedule {
  const result = { ...schedule };
  for (const category of Object.keys(result) as AssistanceCategory[]) {
    result[category] = { ...result[category], subsidyShare: 1 };
  }
  return result;
}

const ASSISTANCE_SCHEDULES: Record<RegionCode, AssistanceSchedule> = {
  [NANTONG]: {
    ...keyRecipients(0.7, NANTONG_PLAN, 'indicator table row 5, "重点救助对象符合规定的门诊住院费用救助比例": 70% (2020 and 2025)', true, [100_000, 60_000], SUBSIDY_DEFAULT_NOTE),
    ...otherRecipients([40_000, 40_000, 30_000]),
  },
  [NANJING]: withFullSubsidy({
    ...keyRecipients(
      0.7,
      NANJING_PLAN,
      '"重点救助对象符合规定的住院医疗费用救助比例达到 70%"',
      true,
      [100_000, 60_000],
      `Subsidy: ${NANJING_FULL_SUBSIDY}; the annual cap is a default.`,
    ),
    ...otherRecipients([40_000, 40_000, 30_000]),
  }),
  [PUTIAN]: {
    ...keyRecipients(0.7, PUTIAN_PLAN, 'indicator table, "重点救助对象符合规定的门诊慢特病和住院救助比例": 70%左右 (2025 target)', true, [80_000, 50_000], SUBSIDY_DEFAULT_NOTE),
    ...otherRecipients([30_000, 30_000, 20_000]),
  },
  [JINGZHOU]: {
    ...keyRecipients(
      0.75,
      JINGZHOU_PLAN,
      'indicator table, "重点救助对象政策范围内住院自付费用救助比例": >70% (2025 target); 75% is a default above the stated floor',
      false,
      [80_000, 50_000],
      SUBSIDY_DEFAULT_NOTE,
    ),
    ...otherRecipients([30_000, 30_000, 20_000]),
  },
};

function assistanceRecords(premium: ResidentPremiumSeed): AssistancePolicySeed[] {
  const schedule = ASSISTANCE_SCHEDULES[premium.regionCode];
  return (Object.keys(schedule) as AssistanceCategory[]).map((category) => {
    const terms = schedule[category];
    return {
      regionCode: premium.regionCode,
      year: premium.year,
      category,
      ratio: terms.ratio,
      annualCap: yuan(terms.annualCap),
      subsidyAmount: applyRatio(premium.individualPremium, terms.subsidyShare),
      ...terms.provenance,
    };
  });
}

/** 医疗救助 parameters per region × year × recipient category, with the 资助参保 amount. */
export const assistancePolicySeeds: readonly AssistancePolicySeed[] = residentPremiumSeeds.flatMap(assistanceRecords);

// ---------------------------------------------------------------------------------------------
// 惠民保 products
// ---------------------------------------------------------------------------------------------

/** Underwriters are illustrative: no document names the insurer behind a city's product. */
export const insurerSeeds: readonly InsurerSeed[] = [
  { code: 'PICC', name: '中国人民财产保险股份有限公司' },
  { code: 'CLPC', name: '中国人寿财产保险股份有限公司' },
  { code: 'CPIC', name: '中国太平洋财产保险股份有限公司' },
  { code: 'PAIC', name: '中国平安财产保险股份有限公司' },
];

interface ProductLine {
  readonly regionCode: RegionCode;
  readonly insurerCode: string;
  readonly name: (year: PolicyYear) => string;
  readonly premiums: Record<PolicyYear, number>;
  /** Terms with money in yuan. */
  readonly deductibleIn: number;
  readonly deductibleOut: number;
  readonly ratioIn: Ratio;
  readonly ratioOut: Ratio;
  readonly ratioSpecialDrug: Ratio;
  readonly annualCap: number;
  readonly coveredEncounterTypes: readonly EncounterType[];
  readonly provenance: Provenance;
}

const TERMS_NOTE =
  'Terms are defaults shaped on published 惠民保 terms (DOMAIN.md §2.3: premium ≈50–150元, deductible ≈2万, ratios 60–80%, caps 100–300万); the underwriter is illustrative.';

const NANJING_ISSUES: Record<PolicyYear, string> = { 2024: '四', 2025: '五', 2026: '六' };

const PRODUCT_LINES: readonly ProductLine[] = [
  {
    regionCode: NANTONG,
    insurerCode: 'PICC',
    name: (year) => `南通惠民保 ${year}`,
    premiums: { 2024: 69, 2025: 69, 2026: 79 },
    deductibleIn: 20_000,
    deductibleOut: 20_000,
    ratioIn: 0.8,
    ratioOut: 0.7,
    ratioSpecialDrug: 0.7,
    annualCap: 2_000_000,
    coveredEncounterTypes: ['INPATIENT', 'CHRONIC_OUTPATIENT', 'PHARMACY'],
    provenance: derived(NANTONG_PLAN, `惠民商业健康保险项目: "不限年龄、不限户籍、不限职业、不限健康状况，全民可参保…将医保目录外的合理医疗费用纳入保障范围". ${TERMS_NOTE}`),
  },
  {
    regionCode: NANJING,
    insurerCode: 'CLPC',
    // 宁惠保 issues run 第四期 (2024) to 第六期 (2026) per DOMAIN.md §2.3.
    name: (year) => `宁惠保（第${NANJING_ISSUES[year]}期）`,
    premiums: { 2024: 99, 2025: 99, 2026: 99 },
    deductibleIn: 20_000,
    deductibleOut: 20_000,
    ratioIn: 0.8,
    ratioOut: 0.7,
    ratioSpecialDrug: 0.6,
    annualCap: 3_000_000,
    coveredEncounterTypes: ['INPATIENT', 'CHRONIC_OUTPATIENT', 'PHARMACY'],
    provenance: derived(
      NANJING_PLAN,
      `"大力发展商业补充医疗保险". Name and 99元 基础版 premium from a weak source quoted in DOMAIN.md §2.3; ${TERMS_NOTE}`,
    ),
  },
  {
    regionCode: PUTIAN,
    insurerCode: 'CPIC',
    name: (year) => `莆田惠民保 ${year}`,
    premiums: { 2024: 59, 2025: 59, 2026: 69 },
    deductibleIn: 15_000,
    deductibleOut: 15_000,
    ratioIn: 0.75,
    ratioOut: 0.65,
    ratioSpecialDrug: 0.6,
    annualCap: 1_500_000,
    coveredEncounterTypes: ['INPATIENT', 'CHRONIC_OUTPATIENT', 'PHARMACY'],
    provenance: derived(PUTIAN_PLAN, `"支持开发与基本医保保障政策紧密衔接的普惠性、互补性、高保障性、可持续性的商业健康保险" (专栏2). ${TERMS_NOTE}`),
  },
  {
    regionCode: JINGZHOU,
    insurerCode: 'PAIC',
    name: (year) => `荆州惠民保 ${year}`,
    premiums: { 2024: 69, 2025: 69, 2026: 69 },
    deductibleIn: 10_000,
    deductibleOut: 20_000,
    ratioIn: 0.7,
    ratioOut: 0.6,
    ratioSpecialDrug: 0.6,
    annualCap: 1_000_000,
    coveredEncounterTypes: ['INPATIENT', 'PHARMACY'],
    provenance: derived(JINGZHOU_PLAN, `"将医疗新技术、新药品、新器械以及医保目录外的医药费用纳入商业健康保险范围，积极探索开展“惠民保”业务". ${TERMS_NOTE}`),
  },
];

function productRecord(line: ProductLine, year: PolicyYear): ProductSeed {
  const insurer = insurerSeeds.find((candidate) => candidate.code === line.insurerCode);
  if (!insurer) throw new Error(`product line for ${line.regionCode} names unknown insurer ${line.insurerCode}`);
  return {
    code: `HMB-${line.regionCode}-${year}`,
    name: line.name(year),
    insurerCode: insurer.code,
    insurerName: insurer.name,
    regionCode: line.regionCode,
    year,
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    premium: yuan(line.premiums[year]),
    deductibleIn: yuan(line.deductibleIn),
    deductibleOut: yuan(line.deductibleOut),
    ratioIn: line.ratioIn,
    ratioOut: line.ratioOut,
    ratioSpecialDrug: line.ratioSpecialDrug,
    annualCap: yuan(line.annualCap),
    coveredEncounterTypes: line.coveredEncounterTypes,
    status: 'ACTIVE',
    ...line.provenance,
  };
}

/** 惠民保 products: one a year (2024–2026) per city, each from that city's insurer. */
export const productSeeds: readonly ProductSeed[] = POLICY_YEARS.flatMap((year) =>
  PRODUCT_LINES.map((line) => productRecord(line, year)),
);
