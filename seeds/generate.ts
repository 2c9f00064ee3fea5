/**
 * Deterministic, seeded generator of the hub's operational data: designated institutions (and
 * violations), the drug catalogue, persons, enrollments, contributions, medical-assistance
 * recipients, e-prescriptions (items, events), 惠民保 product enrollments and consents.
 *
 * Same seed + same size + same asOf (+ same products) ⇒ byte-identical rows: a small PRNG
 * (mulberry32) in several independent streams, no Math.random, no clock; every timestamp is derived
 * from `asOf`, and `created_at` columns are written explicitly. Persons are generated and loaded in
 * chunks (COPY on PostgreSQL, batched INSERT on PGlite) while the next chunk is generated, so a
 * million persons stay within memory and load quickly. Policies, products, insurers, settlements and
 * accumulators are not generated here.
 *
 * Proportions from the source documents (shared seeds/, cited by file):
 * - insured persons per city (万人, "十三五"末): 南京 797.35 (001, 职工 483.73 → 60.7%), 南通 728.7
 *   (000, 职工 239 → 32.8%), 荆州 543.93 (004, 职工 70.95 → 13.0%); 莆田 states no count or share,
 *   so 310 万 and 28% are defaults.
 * - institutions: 南京 1810 定点医疗机构 and 1951 定点零售药店 for 797.35 万 insured (001); every city
 *   uses that density, with at least 20 medical institutions and 20 pharmacies each.
 * - payment method of level-2+ hospitals: 南京 DRG (001), 南通 DRG 点数法 (000), 莆田 DIP (002,
 *   national pilot), 荆州 DIP (004).
 * - resident premium: 南通 1200 元 of which 800 元 fiscal subsidy, i.e. 400 元 individual (000/003);
 *   used for every city (default where the document is silent).
 * Everything else (age pyramid, wages, shares of statuses) is a realistic default.
 *
 * Institution `credit_score` is a 0–100 score for every kind (generated 60–100, lowered by
 * violations); violation points follow 002: pharmacies on the 12-point scale (1–6 points per
 * violation, 12 accumulated ⇒ agreement terminated), medical institutions on the 40-point scale.
 *
 * Shapes worth knowing when reading the data:
 * - contributions are one row per person, year ('YYYY') and payer: employees INDIVIDUAL (2%) and
 *   EMPLOYER (city rate) on the monthly base × months paid up to asOf (retirees pay none); residents
 *   INDIVIDUAL (premium − subsidy, paid Sept–Dec of the year before) plus GOVERNMENT_SUBSIDY for
 *   recipients; SUSPENDED enrollments (欠费) have no contribution.
 * - subsidy amounts come from `assistance_policies` when rows exist for (region, year, category),
 *   else 100% (特困, 低保) / 50% (others) of the individual premium.
 * - ID numbers carry the county of birth registration: legacy codes for persons born before a
 *   boundary change (e.g. 320602 崇川区 before 2020), and ~6% carry a code from another province.
 * - 惠民保: ~20% of persons with an active enrollment join a product of their region's latest product
 *   year; with products of earlier years, 75% of them (and 3% of others) also held the earlier one.
 *   Consents (one per person and insurer): ~70% active to 2027, ~8% revoked, ~7% lapsed, the rest none.
 * - On PostgreSQL into an empty database, the generated tables' foreign keys are dropped for the load
 *   and re-added (NOT VALID, then VALIDATE) at the end; see `deferForeignKeys`.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';
import { makeIdNumber } from '../src/people/id-number.js';
import { regionSeeds } from './regions.js';

// ---------------------------------------------------------------------------------------------
// Public API

export interface GeneratorProduct {
  id: number;
  insurerCode: string;
  regionCode: string;
  year: number;
}

export interface GenerateOptions {
  persons: number;
  seed?: number;
  /** The "today" of the data set, 'YYYY-MM-DD'; enrollments cover asOf's year and the one before. */
  asOf?: string;
  /** 惠民保 products already in the database (with their insurers); persons enroll in their region's. */
  products: GeneratorProduct[];
  onProgress?: (msg: string) => void;
  /** Persons per generated and loaded chunk (default 50 000). Does not change the rows. */
  chunkSize?: number;
  /**
   * On PostgreSQL with no persons loaded yet, the foreign keys of the generated tables are dropped
   * for the load and re-added (and so validated in one pass) at the end: the per-row FK triggers
   * otherwise cost about as much as the rest of the load. Default true; ignored on PGlite.
   */
  deferForeignKeys?: boolean;
}

export const GENERATED_TABLES = [
  'institutions',
  'institution_violations',
  'drugs',
  'persons',
  'enrollments',
  'contributions',
  'assistance_recipients',
  'prescriptions',
  'prescription_items',
  'prescription_events',
  'product_enrollments',
  'consents',
] as const;
export type GeneratedTable = (typeof GENERATED_TABLES)[number];

export interface GeneratedSummary {
  seed: number;
  asOf: string;
  years: number[];
  /** Rows inserted per table. */
  counts: Record<GeneratedTable, number>;
  /** Persons per region code. */
  personsByRegion: Record<string, number>;
  elapsedMs: number;
}

export const DEFAULT_SEED = 20_261_101;
export const DEFAULT_AS_OF = '2026-11-01';

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32 with helpers; all draws are deterministic in call order. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Bell-shaped in [0, 1) (mean of three uniforms). */
  bell(): number {
    return (this.next() + this.next() + this.next()) / 3;
  }
}

/** Derives an independent stream seed from the main seed and a label. */
function streamSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** Cumulative table for weighted picks. */
class Weighted<T> {
  readonly items: T[];
  private readonly cdf: Float64Array;
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    this.cdf = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach((e, i) => {
      sum += e[1];
      this.cdf[i] = sum;
    });
    for (let i = 0; i < this.cdf.length; i++) this.cdf[i]! /= sum;
  }
  pick(rng: Rng): T {
    const u = rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates (day numbers since 1970-01-01, UTC; all wall-clock times are Beijing time, +08:00)

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const dayCache = new Map<number, string>();
function isoDay(day: number): string {
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayCache.set(day, s);
  }
  return s;
}
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
/** A timestamp literal at `day` plus `minutes` past midnight, Beijing time. */
function stamp(day: number, minutes: number): string {
  const d = day + Math.floor(minutes / 1440);
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${isoDay(d)}T${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}:00+08:00`;
}
const yearOfDay = (day: number): number => Number(isoDay(day).slice(0, 4));

// ---------------------------------------------------------------------------------------------
// Reference data: regions, counties, people

interface County {
  /** Current GB/T 2260 code (used for institutions). */
  code: string;
  name: string;
  weight: number;
  /** Code carried by ID numbers of persons born before a boundary change. */
  legacy?: { code: string; before: string };
}

interface RegionProfile {
  code: string;
  city: string;
  /** Insured persons, 万人. */
  insured: number;
  /** 职工 share of enrolled persons. */
  employeeShare: number;
  /** Payment method of level-2+ hospitals. */
  payment: 'DRG' | 'DIP';
  /** Average monthly wage (yuan) for contribution bases; employer rate. */
  wage: number;
  employerRate: number;
  counties: County[];
  /** Surname frequency boosts for local flavour. */
  surnameBoost: Record<string, number>;
  pharmacyChains: string[];
  flagships: string[];
}

const REGIONS: RegionProfile[] = [
  {
    code: '320100',
    city: '南京市',
    insured: 797.35,
    employeeShare: 483.73 / 797.35,
    payment: 'DRG',
    wage: 11_000,
    employerRate: 0.08,
    counties: [
      { code: '320102', name: '玄武区', weight: 6 },
      { code: '320104', name: '秦淮区', weight: 8 },
      { code: '320105', name: '建邺区', weight: 7 },
      { code: '320106', name: '鼓楼区', weight: 10 },
      { code: '320111', name: '浦口区', weight: 13 },
      { code: '320113', name: '栖霞区', weight: 11 },
      { code: '320114', name: '雨花台区', weight: 7 },
      { code: '320115', name: '江宁区', weight: 20 },
      { code: '320116', name: '六合区', weight: 10 },
      { code: '320117', name: '溧水区', weight: 5 },
      { code: '320118', name: '高淳区', weight: 4 },
    ],
    surnameBoost: { 王: 1.3, 张: 1.2, 陈: 1.2, 孙: 1.4, 朱: 1.4, 徐: 1.5 },
    pharmacyChains: ['南京医药', '老百姓大药房', '益丰大药房', '国大药房', '先声再康大药房', '百信缘大药房', '大参林'],
    flagships: ['江苏省人民医院', '南京鼓楼医院', '东南大学附属中大医院', '江苏省中医院', '南京市第一医院', '南京医科大学第二附属医院'],
  },
  {
    code: '320600',
    city: '南通市',
    insured: 728.7,
    employeeShare: 0.328,
    payment: 'DRG',
    wage: 9_000,
    employerRate: 0.07,
    counties: [
      { code: '320613', name: '崇川区', weight: 23, legacy: { code: '320602', before: '2020-07-01' } },
      { code: '320612', name: '通州区', weight: 16 },
      { code: '320614', name: '海门区', weight: 12, legacy: { code: '320684', before: '2020-07-01' } },
      { code: '320623', name: '如东县', weight: 11 },
      { code: '320681', name: '启东市', weight: 12 },
      { code: '320682', name: '如皋市', weight: 16 },
      { code: '320685', name: '海安市', weight: 10, legacy: { code: '320621', before: '2018-03-01' } },
    ],
    surnameBoost: { 顾: 5, 陆: 4, 季: 6, 缪: 8, 朱: 2, 张: 1.3, 曹: 1.5, 施: 6, 徐: 1.5 },
    pharmacyChains: ['南通大药房', '老百姓大药房', '益丰大药房', '国大药房', '百信缘大药房', '普泽大药房'],
    flagships: ['南通大学附属医院', '南通市第一人民医院', '南通市中医院', '南通市肿瘤医院'],
  },
  {
    code: '350300',
    city: '莆田市',
    insured: 310,
    employeeShare: 0.28,
    payment: 'DIP',
    wage: 7_500,
    employerRate: 0.075,
    counties: [
      { code: '350302', name: '城厢区', weight: 17 },
      { code: '350303', name: '涵江区', weight: 15 },
      { code: '350304', name: '荔城区', weight: 17 },
      { code: '350305', name: '秀屿区', weight: 19 },
      { code: '350322', name: '仙游县', weight: 32 },
    ],
    surnameBoost: { 林: 6, 陈: 2.5, 黄: 2.5, 郑: 4, 吴: 2, 许: 2.5, 蔡: 3, 李: 0.7, 刘: 0.5 },
    pharmacyChains: ['鹭燕大药房', '惠好四海医药', '万家大药房', '一心堂', '老百姓大药房'],
    flagships: ['莆田学院附属医院', '莆田市第一医院', '莆田市中医院'],
  },
  {
    code: '421000',
    city: '荆州市',
    insured: 543.93,
    employeeShare: 70.95 / 543.93,
    payment: 'DIP',
    wage: 6_800,
    employerRate: 0.08,
    counties: [
      { code: '421002', name: '沙市区', weight: 12 },
      { code: '421003', name: '荆州区', weight: 10 },
      { code: '421022', name: '公安县', weight: 15 },
      { code: '421024', name: '江陵县', weight: 5 },
      { code: '421081', name: '石首市', weight: 9 },
      { code: '421083', name: '洪湖市', weight: 13 },
      { code: '421087', name: '松滋市', weight: 12 },
      { code: '421088', name: '监利市', weight: 24, legacy: { code: '421023', before: '2020-06-01' } },
    ],
    surnameBoost: { 刘: 1.4, 李: 1.3, 王: 1.2, 黄: 1.3, 熊: 3, 向: 3, 彭: 2, 覃: 2 },
    pharmacyChains: ['马应龙大药房', '同济堂', '天济大药房', '老百姓大药房', '益丰大药房', '国药控股大药房'],
    flagships: ['长江大学附属第一医院', '荆州市中心医院', '荆州市第一人民医院', '荆州市中医医院'],
  },
];

/** ID-number county codes of persons registered elsewhere (migrants). */
const MIGRANT_CODES = ['340104', '341202', '320321', '320830', '321323', '410102', '411502', '510107', '420106', '360102', '370102', '350102', '430102', '130102'];
const MIGRANT_SHARE = 0.06;

/** 南京's documented density: 1810 medical institutions and 1951 pharmacies for 797.35 万 insured (001). */
const MEDICAL_PER_PERSON = 1810 / 7_973_500;
const PHARMACY_PER_PERSON = 1951 / 7_973_500;
const MIN_MEDICAL = 20;
const MIN_PHARMACIES = 20;

/** Birth years 1930–2025 by 5-year age bands (roughly the 2020 census pyramid). */
const AGE_BANDS: [number, number, number][] = [
  // [youngest age in 2025, oldest age in 2025, weight]
  [0, 4, 4.6],
  [5, 9, 5.8],
  [10, 14, 6.0],
  [15, 19, 5.5],
  [20, 24, 5.2],
  [25, 29, 5.6],
  [30, 34, 7.6],
  [35, 39, 8.3],
  [40, 44, 6.9],
  [45, 49, 6.9],
  [50, 54, 8.3],
  [55, 59, 8.6],
  [60, 64, 6.5],
  [65, 69, 5.9],
  [70, 74, 4.5],
  [75, 79, 2.6],
  [80, 84, 1.6],
  [85, 89, 0.9],
  [90, 95, 0.4],
];

const SURNAMES: [string, number][] = (
  [
    ['王', 7.1], ['李', 7.0], ['张', 6.7], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['黄', 2.2], ['赵', 2.0], ['吴', 1.9], ['周', 1.9],
    ['徐', 1.6], ['孙', 1.5], ['马', 1.4], ['朱', 1.3], ['胡', 1.3], ['郭', 1.1], ['何', 1.1], ['高', 1.1], ['林', 1.1], ['罗', 0.9],
    ['郑', 0.9], ['梁', 0.8], ['谢', 0.8], ['宋', 0.7], ['唐', 0.7], ['许', 0.7], ['韩', 0.7], ['冯', 0.6], ['邓', 0.6], ['曹', 0.6],
    ['彭', 0.6], ['曾', 0.6], ['肖', 0.5], ['田', 0.5], ['董', 0.5], ['袁', 0.5], ['潘', 0.5], ['于', 0.5], ['蒋', 0.5], ['蔡', 0.5],
    ['余', 0.4], ['杜', 0.4], ['叶', 0.4], ['程', 0.4], ['苏', 0.4], ['魏', 0.4], ['吕', 0.4], ['丁', 0.4], ['任', 0.4], ['沈', 0.4],
    ['姚', 0.3], ['卢', 0.3], ['姜', 0.3], ['崔', 0.3], ['钟', 0.3], ['谭', 0.3], ['陆', 0.3], ['汪', 0.3], ['范', 0.3], ['金', 0.3],
    ['石', 0.3], ['廖', 0.3], ['贾', 0.3], ['夏', 0.3], ['韦', 0.3], ['付', 0.2], ['方', 0.2], ['白', 0.2], ['邹', 0.2], ['孟', 0.2],
    ['熊', 0.2], ['秦', 0.2], ['邱', 0.2], ['江', 0.2], ['尹', 0.2], ['薛', 0.2], ['闫', 0.2], ['段', 0.2], ['雷', 0.2], ['侯', 0.2],
    ['龙', 0.2], ['史', 0.2], ['陶', 0.2], ['黎', 0.2], ['贺', 0.2], ['顾', 0.2], ['毛', 0.2], ['郝', 0.2], ['龚', 0.2], ['邵', 0.2],
    ['万', 0.2], ['钱', 0.2], ['严', 0.2], ['覃', 0.1], ['武', 0.1], ['戴', 0.1], ['莫', 0.1], ['孔', 0.1], ['向', 0.1], ['汤', 0.1],
    ['季', 0.05], ['缪', 0.03], ['施', 0.08], ['欧阳', 0.05], ['司马', 0.01], ['诸葛', 0.01], ['上官', 0.01], ['司徒', 0.01],
    ['东方', 0.005], ['皇甫', 0.005], ['慕容', 0.003], ['令狐', 0.003], ['公孙', 0.002], ['尉迟', 0.002],
  ] as [string, number][]
);

interface NamePool {
  singles: string;
  firsts: string;
  seconds: string;
  pSingle: number;
}
/** Given-name pools by era (born before 1960, 1960–1989, 1990 on) and gender. */
const GIVEN: Record<'old' | 'mid' | 'young', Record<'MALE' | 'FEMALE', NamePool>> = {
  old: {
    MALE: { singles: '福贵富林根海明华忠强德', firsts: '建国德振志金永学玉长宝福兴', seconds: '国华明林生根荣祥民成福才富山', pSingle: 0.15 },
    FEMALE: { singles: '英兰珍芳梅凤', firsts: '秀桂玉凤淑翠金素美月', seconds: '英兰珍芳梅花琴娥凤云', pSingle: 0.12 },
  },
  mid: {
    MALE: { singles: '伟强军勇磊平刚斌涛杰明峰辉波', firsts: '建海志晓立红卫国永小文新春', seconds: '华涛强东新军伟明平峰林斌刚', pSingle: 0.4 },
    FEMALE: { singles: '丽芳红燕敏静艳玲霞娟萍', firsts: '丽晓海红春秀美小雪玉慧', seconds: '娟燕梅红霞玲芳丽萍琴华', pSingle: 0.4 },
  },
  young: {
    MALE: { singles: '睿泽辰航浩宇轩杰昊铭哲', firsts: '子浩宇梓俊一博皓思嘉文天', seconds: '轩然豪杰鸣文航宇睿辰泽涵', pSingle: 0.25 },
    FEMALE: { singles: '萱涵怡欣悦彤妍琪', firsts: '子欣梓诗一雨可梦佳语思若', seconds: '涵怡萱诺桐馨琪悦雨嫣彤汐', pSingle: 0.2 },
  },
};

const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

const STEMS = ['新华', '人民', '解放', '建设', '和平', '中山', '长江', '滨江', '文化', '幸福', '东风', '团结', '光明', '城东', '城西', '城南', '城北', '高新', '新城', '永安', '太平', '兴隆', '双桥', '南湖', '北湖', '东湖', '西湖', '青山', '白云', '金山', '桃园', '梅园', '竹林', '新河', '河西', '临江', '港城', '安康', '福寿', '育才'];
const PRIVATE_HOSPITAL_BRANDS = ['仁爱', '博爱', '康华', '华康', '瑞慈', '仁和', '明基', '同仁', '济民', '天佑', '新康', '协和', '东方', '长安'];
const INDEPENDENT_PHARMACY_WORDS = ['康宁', '仁和', '百姓', '惠民', '健民', '德仁堂', '同济', '益寿', '安康', '福康'];

const VIOLATIONS = {
  medical: ['分解住院', '挂床住院', '重复收费', '超标准收费', '串换诊疗项目', '过度检查', '虚记费用', '超医保限定支付范围用药', '诱导参保人住院', '病历记录与结算清单不符'],
  pharmacy: ['串换药品', '进销存不符', '未按规定核验医保电子凭证', '药品追溯码重复上传', '超量售药', '医保卡违规刷卡购买生活用品', '未凭处方销售处方药', '执业药师不在岗'],
};

// ---------------------------------------------------------------------------------------------
// Drugs and diagnoses

type Form =
  | '片剂' | '缓释片' | '控释片' | '肠溶片' | '咀嚼片' | '胶囊' | '肠溶胶囊' | '缓释胶囊' | '软胶囊' | '颗粒剂' | '散剂'
  | '口服溶液剂' | '注射剂' | '注射用无菌粉末' | '吸入剂' | '滴眼剂' | '软膏剂' | '乳膏剂';

const FORM_CODES: Record<Form, string> = {
  片剂: 'A001', 缓释片: 'A002', 控释片: 'A003', 肠溶片: 'A004', 咀嚼片: 'A005', 胶囊: 'A006', 肠溶胶囊: 'A007', 缓释胶囊: 'A008',
  软胶囊: 'A009', 颗粒剂: 'A010', 散剂: 'A011', 口服溶液剂: 'A012', 注射剂: 'B001', 注射用无菌粉末: 'B002', 吸入剂: 'C001',
  滴眼剂: 'D001', 软膏剂: 'E001', 乳膏剂: 'E002',
};
const productName = (generic: string, form: Form): string => {
  switch (form) {
    case '片剂': return `${generic}片`;
    case '缓释片': return `${generic}缓释片`;
    case '控释片': return `${generic}控释片`;
    case '肠溶片': return `${generic}肠溶片`;
    case '咀嚼片': return `${generic}咀嚼片`;
    case '胶囊': return `${generic}胶囊`;
    case '肠溶胶囊': return `${generic}肠溶胶囊`;
    case '缓释胶囊': return `${generic}缓释胶囊`;
    case '软胶囊': return `${generic}软胶囊`;
    case '颗粒剂': return `${generic}颗粒`;
    case '散剂': return `${generic}散`;
    case '口服溶液剂': return `${generic}口服溶液`;
    case '注射剂': return `${generic}注射液`;
    case '注射用无菌粉末': return `注射用${generic}`;
    case '吸入剂': return `${generic}吸入剂`;
    case '滴眼剂': return `${generic}滴眼液`;
    case '软膏剂': return `${generic}软膏`;
    case '乳膏剂': return `${generic}乳膏`;
  }
};
/** 用法用量 fitting the dosage form (and, for injections, the kind of drug). */
const usageFor = (form: Form, atc: string, rng: Rng): string => {
  switch (form) {
    case '注射剂':
    case '注射用无菌粉末':
      if (atc.startsWith('A10')) return rng.pick(['皮下注射，一日1次，剂量遵医嘱', '皮下注射，每周1次，剂量遵医嘱']);
      if (atc.startsWith('L04') || atc.startsWith('D11') || atc.startsWith('B01')) return rng.pick(['皮下注射，每2周1次', '皮下注射，一次1支，遵医嘱']);
      if (atc.startsWith('L01') || atc.startsWith('M09')) return rng.pick(['静脉滴注，每3周1次，遵医嘱', '静脉滴注，每2周1次，遵医嘱']);
      if (atc.startsWith('B03')) return '皮下注射，每周2～3次，遵医嘱';
      return rng.pick(['静脉滴注，一次1支，一日1次', '静脉滴注，一次1支，一日2次']);
    case '吸入剂':
      return rng.pick(['吸入，一次1吸，一日2次', '吸入，一次2吸，必要时']);
    case '滴眼剂':
      return rng.pick(['滴眼，一次1滴，一日4次', '滴眼，一次1～2滴，一日3次']);
    case '软膏剂':
    case '乳膏剂':
      return '外用，涂患处，一日2次';
    case '颗粒剂':
    case '散剂':
      return rng.pick(['口服，一次1袋，一日3次', '口服，一次1袋，一日2次']);
    case '口服溶液剂':
      return rng.pick(['口服，一次10ml，一日3次', '口服，一次15ml，一日2次']);
    case '胶囊':
    case '肠溶胶囊':
    case '缓释胶囊':
    case '软胶囊':
      return rng.pick(['口服，一次1粒，一日1次', '口服，一次1粒，一日2次', '口服，一次2粒，一日3次']);
    case '片剂':
    case '缓释片':
    case '控释片':
    case '肠溶片':
    case '咀嚼片':
      return rng.pick(['口服，一次1片，一日1次', '口服，一次1片，一日2次', '口服，一次2片，一日3次', '口服，一次0.5片，一日1次']);
  }
};

interface Generic {
  atc: string;
  name: string;
  forms: Form[];
  /** Typical price of a pack, yuan. */
  price: number;
  cls: 'A' | 'B' | 'C';
  /** v = 带量采购 (volume procurement); n = 谈判 (negotiated); s = 特药 (special); d = 双通道 (dual channel). */
  flags: string;
  /** Relative commonness (variants in the catalogue and picks on prescriptions). */
  weight: number;
}

const G = (atc: string, name: string, forms: Form[], price: number, cls: 'A' | 'B' | 'C', flags = '', weight = 1): Generic => ({ atc, name, forms, price, cls, flags, weight });

/** Generic names (通用名) with ATC-like 类别码, dosage forms and typical pack prices. */
const GENERICS: Generic[] = [
  G('C08CA', '苯磺酸氨氯地平', ['片剂'], 15, 'A', 'v', 3),
  G('C08CA', '硝苯地平', ['控释片', '缓释片'], 30, 'A', 'v', 2),
  G('C08CA', '非洛地平', ['缓释片'], 25, 'B', 'v'),
  G('C09CA', '缬沙坦', ['胶囊', '片剂'], 20, 'B', 'v', 2),
  G('C09CA', '厄贝沙坦', ['片剂'], 15, 'B', 'v', 2),
  G('C09CA', '氯沙坦钾', ['片剂'], 20, 'B', 'v'),
  G('C09CA', '替米沙坦', ['片剂'], 18, 'B', 'v'),
  G('C09AA', '马来酸依那普利', ['片剂'], 8, 'A'),
  G('C09AA', '盐酸贝那普利', ['片剂'], 25, 'B'),
  G('C07AB', '酒石酸美托洛尔', ['片剂'], 10, 'A', '', 2),
  G('C07AB', '琥珀酸美托洛尔', ['缓释片'], 30, 'B', 'v'),
  G('C07AB', '富马酸比索洛尔', ['片剂'], 15, 'A', 'v'),
  G('C03CA', '呋塞米', ['片剂', '注射剂'], 5, 'A'),
  G('C03AA', '氢氯噻嗪', ['片剂'], 3, 'A'),
  G('C03DA', '螺内酯', ['片剂'], 6, 'A'),
  G('C09DX', '沙库巴曲缬沙坦钠', ['片剂'], 250, 'B', 'n'),
  G('C10AA', '阿托伐他汀钙', ['片剂'], 10, 'B', 'v', 3),
  G('C10AA', '瑞舒伐他汀钙', ['片剂'], 10, 'B', 'v', 2),
  G('C10AA', '辛伐他汀', ['片剂'], 8, 'A'),
  G('C10AX', '依折麦布', ['片剂'], 30, 'B', 'v'),
  G('C01DA', '单硝酸异山梨酯', ['缓释片', '片剂'], 20, 'A'),
  G('C01DA', '硝酸甘油', ['片剂'], 10, 'A'),
  G('C01EB', '盐酸曲美他嗪', ['缓释片'], 30, 'B'),
  G('C01BD', '盐酸胺碘酮', ['片剂'], 25, 'A'),
  G('B01AC', '阿司匹林', ['肠溶片'], 15, 'A', 'v', 3),
  G('B01AC', '硫酸氢氯吡格雷', ['片剂'], 20, 'B', 'v', 2),
  G('B01AC', '替格瑞洛', ['片剂'], 60, 'B', 'v'),
  G('B01AF', '利伐沙班', ['片剂'], 40, 'B', 'v'),
  G('B01AE', '达比加群酯', ['胶囊'], 120, 'B', 'n'),
  G('B01AB', '低分子量肝素钙', ['注射剂'], 30, 'B'),
  G('B01AA', '华法林钠', ['片剂'], 10, 'A'),
  G('A10BA', '盐酸二甲双胍', ['片剂', '缓释片'], 10, 'A', 'v', 3),
  G('A10BB', '格列美脲', ['片剂'], 15, 'B', 'v'),
  G('A10BB', '格列齐特', ['缓释片'], 20, 'A'),
  G('A10BF', '阿卡波糖', ['片剂'], 20, 'B', 'v', 2),
  G('A10BH', '磷酸西格列汀', ['片剂'], 40, 'B', 'v'),
  G('A10BH', '利格列汀', ['片剂'], 90, 'B', 'n'),
  G('A10BK', '达格列净', ['片剂'], 60, 'B', 'v'),
  G('A10BK', '恩格列净', ['片剂'], 60, 'B', 'v'),
  G('A10BJ', '司美格鲁肽', ['注射剂'], 400, 'B', 'nd'),
  G('A10BJ', '利拉鲁肽', ['注射剂'], 300, 'B', 'n'),
  G('A10AE', '甘精胰岛素', ['注射剂'], 70, 'B', 'v', 2),
  G('A10AB', '门冬胰岛素', ['注射剂'], 40, 'B', 'v'),
  G('A10AD', '精蛋白人胰岛素混合(30R)', ['注射剂'], 30, 'A', 'v'),
  G('J01CA', '阿莫西林', ['胶囊', '颗粒剂'], 8, 'A', 'v', 3),
  G('J01CR', '阿莫西林克拉维酸钾', ['片剂', '颗粒剂'], 20, 'B', 'v', 2),
  G('J01DC', '头孢呋辛酯', ['片剂'], 20, 'B', 'v', 2),
  G('J01DD', '头孢克肟', ['胶囊', '颗粒剂'], 20, 'B', 'v'),
  G('J01DD', '头孢曲松钠', ['注射用无菌粉末'], 10, 'A', 'v', 2),
  G('J01DB', '头孢氨苄', ['胶囊'], 8, 'A'),
  G('J01FA', '阿奇霉素', ['片剂', '注射用无菌粉末'], 15, 'A', 'v', 2),
  G('J01FA', '克拉霉素', ['片剂'], 15, 'B', 'v'),
  G('J01MA', '左氧氟沙星', ['片剂', '注射剂'], 15, 'A', 'v', 2),
  G('J01MA', '盐酸莫西沙星', ['片剂'], 30, 'B', 'v'),
  G('J05AH', '磷酸奥司他韦', ['胶囊', '颗粒剂'], 40, 'B'),
  G('R05CB', '盐酸氨溴索', ['片剂', '口服溶液剂'], 12, 'A', '', 2),
  G('R05CB', '乙酰半胱氨酸', ['颗粒剂'], 25, 'B'),
  G('R03AC', '硫酸沙丁胺醇', ['吸入剂'], 25, 'A'),
  G('R03AK', '布地奈德福莫特罗', ['吸入剂'], 200, 'B', 'v'),
  G('R03AK', '沙美特罗替卡松', ['吸入剂'], 150, 'B', 'v'),
  G('R03BB', '噻托溴铵', ['吸入剂'], 150, 'B', 'v'),
  G('R03DC', '孟鲁司特钠', ['片剂', '颗粒剂'], 30, 'B', 'v'),
  G('R06AX', '氯雷他定', ['片剂'], 15, 'B'),
  G('R06AE', '盐酸西替利嗪', ['片剂'], 15, 'B'),
  G('A02BC', '奥美拉唑', ['肠溶胶囊', '注射用无菌粉末'], 10, 'A', 'v', 3),
  G('A02BC', '雷贝拉唑钠', ['肠溶片'], 20, 'B', 'v'),
  G('A02BC', '泮托拉唑钠', ['肠溶片'], 15, 'B', 'v'),
  G('A02BC', '艾司奥美拉唑镁', ['肠溶片'], 40, 'B', 'v'),
  G('A02BX', '铝碳酸镁', ['咀嚼片'], 20, 'B'),
  G('A03FA', '多潘立酮', ['片剂'], 15, 'A'),
  G('A03FA', '枸橼酸莫沙必利', ['片剂'], 20, 'B', 'v'),
  G('A06AD', '乳果糖', ['口服溶液剂'], 30, 'B'),
  G('A07FA', '双歧杆菌三联活菌', ['胶囊'], 30, 'B'),
  G('A07BC', '蒙脱石', ['散剂'], 15, 'A'),
  G('M01AE', '布洛芬', ['缓释胶囊', '片剂'], 15, 'A', 'v', 2),
  G('M01AH', '塞来昔布', ['胶囊'], 30, 'B', 'v'),
  G('M01AB', '双氯芬酸钠', ['缓释片'], 10, 'A'),
  G('N02BE', '对乙酰氨基酚', ['片剂'], 5, 'A'),
  G('M04AA', '非布司他', ['片剂'], 30, 'B', 'v'),
  G('M04AA', '别嘌醇', ['片剂'], 8, 'A'),
  G('M05BA', '阿仑膦酸钠', ['片剂'], 30, 'B', 'v'),
  G('A11CC', '骨化三醇', ['软胶囊'], 30, 'B'),
  G('A12AX', '碳酸钙D3', ['片剂'], 25, 'C'),
  G('M01AX', '氨基葡萄糖', ['胶囊'], 60, 'C'),
  G('A11HA', '维生素E', ['软胶囊'], 20, 'C'),
  G('C01EB', '辅酶Q10', ['胶囊'], 40, 'C'),
  G('N05CF', '佐匹克隆', ['片剂'], 15, 'B'),
  G('N05CD', '艾司唑仑', ['片剂'], 5, 'A'),
  G('N06AB', '盐酸舍曲林', ['片剂'], 50, 'B', 'v'),
  G('N06AB', '盐酸帕罗西汀', ['片剂'], 40, 'B', 'v'),
  G('N06AX', '盐酸度洛西汀', ['肠溶胶囊'], 60, 'B', 'v'),
  G('N05AH', '奥氮平', ['片剂'], 40, 'B', 'v'),
  G('N03AX', '加巴喷丁', ['胶囊'], 25, 'B', 'v'),
  G('N03AX', '普瑞巴林', ['胶囊'], 40, 'B', 'v'),
  G('N04BA', '多巴丝肼', ['片剂'], 60, 'A'),
  G('N06DA', '盐酸多奈哌齐', ['片剂'], 60, 'B', 'v'),
  G('N07CA', '甲磺酸倍他司汀', ['片剂'], 15, 'B'),
  G('H03AA', '左甲状腺素钠', ['片剂'], 20, 'A'),
  G('H03BB', '甲巯咪唑', ['片剂'], 10, 'A'),
  G('H02AB', '醋酸泼尼松', ['片剂'], 5, 'A'),
  G('H02AB', '甲泼尼龙', ['片剂', '注射用无菌粉末'], 30, 'B'),
  G('G04CA', '盐酸坦索罗辛', ['缓释胶囊'], 40, 'B', 'v'),
  G('G04CB', '非那雄胺', ['片剂'], 30, 'B', 'v'),
  G('J05AF', '恩替卡韦', ['片剂'], 10, 'B', 'v', 2),
  G('J05AF', '富马酸替诺福韦二吡呋酯', ['片剂'], 15, 'B', 'v'),
  G('J05AF', '富马酸丙酚替诺福韦', ['片剂'], 150, 'B', 'n'),
  G('A05BA', '多烯磷脂酰胆碱', ['胶囊'], 50, 'B'),
  G('S01AE', '左氧氟沙星', ['滴眼剂'], 20, 'A'),
  G('S01XA', '玻璃酸钠', ['滴眼剂'], 30, 'B'),
  G('D07AC', '糠酸莫米松', ['乳膏剂'], 20, 'B'),
  G('D06AX', '莫匹罗星', ['软膏剂'], 15, 'B'),
  G('B03XA', '重组人促红素', ['注射剂'], 40, 'B'),
  G('V03AE', '碳酸司维拉姆', ['片剂'], 200, 'B', 'n'),
  G('B03AA', '琥珀酸亚铁', ['片剂'], 15, 'A'),
  G('L01EB', '甲磺酸奥希替尼', ['片剂'], 5000, 'B', 'nsd'),
  G('L01EB', '吉非替尼', ['片剂'], 500, 'B', 'v'),
  G('L01EB', '盐酸埃克替尼', ['片剂'], 1500, 'B', 'nsd'),
  G('L01EB', '甲磺酸阿美替尼', ['片剂'], 3000, 'B', 'nsd'),
  G('L01FD', '曲妥珠单抗', ['注射用无菌粉末'], 3000, 'B', 'nsd'),
  G('L01FD', '帕妥珠单抗', ['注射剂'], 4000, 'B', 'nsd'),
  G('L01FG', '贝伐珠单抗', ['注射剂'], 1200, 'B', 'nsd'),
  G('L01FF', '信迪利单抗', ['注射剂'], 1000, 'B', 'nsd'),
  G('L01FF', '卡瑞利珠单抗', ['注射用无菌粉末'], 3000, 'B', 'nsd'),
  G('L01FF', '替雷利珠单抗', ['注射剂'], 1450, 'B', 'nsd'),
  G('L01FF', '帕博利珠单抗', ['注射剂'], 17_000, 'C', 's'),
  G('L01FF', '纳武利尤单抗', ['注射剂'], 9000, 'C', 's'),
  G('L01EF', '哌柏西利', ['胶囊'], 3000, 'B', 'nsd'),
  G('L01EX', '盐酸安罗替尼', ['胶囊'], 3000, 'B', 'nsd'),
  G('L01EX', '甲磺酸仑伐替尼', ['胶囊'], 3000, 'B', 'nsd'),
  G('L01EX', '甲磺酸阿帕替尼', ['片剂'], 2000, 'B', 'nsd'),
  G('L01EJ', '磷酸芦可替尼', ['片剂'], 3000, 'B', 'nsd'),
  G('L01EA', '甲磺酸伊马替尼', ['片剂'], 500, 'B', 'v'),
  G('L01BC', '卡培他滨', ['片剂'], 200, 'B', 'v'),
  G('L01CD', '紫杉醇(白蛋白结合型)', ['注射用无菌粉末'], 800, 'B', 'v'),
  G('L02BG', '来曲唑', ['片剂'], 50, 'B', 'v'),
  G('L02BA', '枸橼酸他莫昔芬', ['片剂'], 30, 'A'),
  G('L02BB', '恩扎卢胺', ['软胶囊'], 5000, 'B', 'nsd'),
  G('L01XK', '奥拉帕利', ['片剂'], 5000, 'B', 'nsd'),
  G('L01XL', '阿基仑赛', ['注射剂'], 1_200_000, 'C', 's'),
  G('L01XL', '瑞基奥仑赛', ['注射剂'], 1_290_000, 'C', 's'),
  G('L04AB', '阿达木单抗', ['注射剂'], 1200, 'B', 'nsd'),
  G('L04AC', '司库奇尤单抗', ['注射剂'], 1200, 'B', 'nsd'),
  G('D11AH', '度普利尤单抗', ['注射剂'], 3000, 'B', 'nsd'),
  G('L04AF', '枸橼酸托法替布', ['片剂'], 200, 'B', 'v'),
  G('L04AX', '甲氨蝶呤', ['片剂'], 20, 'A'),
  G('M09AX', '诺西那生钠', ['注射剂'], 33_000, 'B', 'nsd'),
  G('J05AP', '索磷布韦维帕他韦', ['片剂'], 10_000, 'B', 'nsd'),
];

export const DRUG_CATALOGUE_SIZE = 600;

/** Common diagnoses (ICD-10 医保版 2.0 codes) with the 类别码 prefixes of drugs prescribed for them. */
export const DIAGNOSES: { code: string; name: string; atc: string[]; weight: number }[] = [
  { code: 'J06.900', name: '急性上呼吸道感染', atc: ['J01CA', 'J01DC', 'R05', 'N02BE', 'R06'], weight: 10 },
  { code: 'J20.900', name: '急性支气管炎', atc: ['J01', 'R05'], weight: 6 },
  { code: 'J18.900', name: '肺炎', atc: ['J01', 'R05'], weight: 4 },
  { code: 'J44.900', name: '慢性阻塞性肺疾病', atc: ['R03', 'R05'], weight: 4 },
  { code: 'J45.900', name: '哮喘', atc: ['R03'], weight: 2 },
  { code: 'E11.900', name: '2型糖尿病', atc: ['A10'], weight: 12 },
  { code: 'I11.900', name: '高血压性心脏病', atc: ['C08', 'C09', 'C07', 'C03'], weight: 12 },
  { code: 'I25.103', name: '冠状动脉粥样硬化性心脏病', atc: ['B01AC', 'C10', 'C01D', 'C07'], weight: 8 },
  { code: 'I63.900', name: '脑梗死', atc: ['B01AC', 'C10'], weight: 5 },
  { code: 'I50.900', name: '心力衰竭', atc: ['C03', 'C09DX', 'C07'], weight: 3 },
  { code: 'I49.900', name: '心律失常', atc: ['C01B', 'C07', 'B01AF'], weight: 2 },
  { code: 'E78.500', name: '高脂血症', atc: ['C10'], weight: 6 },
  { code: 'K29.700', name: '胃炎', atc: ['A02', 'A03'], weight: 6 },
  { code: 'K21.900', name: '胃食管反流病', atc: ['A02BC', 'A03FA'], weight: 3 },
  { code: 'K59.000', name: '便秘', atc: ['A06'], weight: 2 },
  { code: 'A09.900', name: '胃肠炎和结肠炎', atc: ['A07'], weight: 3 },
  { code: 'M17.900', name: '膝关节病', atc: ['M01'], weight: 3 },
  { code: 'M54.500', name: '腰痛', atc: ['M01'], weight: 3 },
  { code: 'M81.900', name: '骨质疏松', atc: ['M05', 'A11', 'A12'], weight: 2 },
  { code: 'M10.900', name: '痛风', atc: ['M04', 'M01AE'], weight: 2 },
  { code: 'M06.900', name: '类风湿性关节炎', atc: ['L04'], weight: 1 },
  { code: 'G47.000', name: '失眠', atc: ['N05C'], weight: 2 },
  { code: 'F32.900', name: '抑郁发作', atc: ['N06A'], weight: 1 },
  { code: 'G30.900', name: '阿尔茨海默病', atc: ['N06D'], weight: 1 },
  { code: 'E03.900', name: '甲状腺功能减退症', atc: ['H03AA'], weight: 1 },
  { code: 'E05.900', name: '甲状腺毒症', atc: ['H03BB'], weight: 1 },
  { code: 'B18.100', name: '慢性乙型病毒性肝炎', atc: ['J05AF', 'A05'], weight: 2 },
  { code: 'N18.900', name: '慢性肾脏病', atc: ['B03XA', 'V03AE'], weight: 1 },
  { code: 'D50.900', name: '缺铁性贫血', atc: ['B03AA'], weight: 1 },
  { code: 'H10.900', name: '结膜炎', atc: ['S01'], weight: 1 },
  { code: 'L20.900', name: '特应性皮炎', atc: ['D11AH', 'D07AC'], weight: 1 },
  { code: 'L40.000', name: '寻常型银屑病', atc: ['L04AC', 'D07AC'], weight: 0.5 },
  { code: 'C34.900', name: '支气管和肺恶性肿瘤', atc: ['L01EB', 'L01FF', 'L01EX'], weight: 1 },
  { code: 'C50.900', name: '乳房恶性肿瘤', atc: ['L01FD', 'L02BG', 'L01EF'], weight: 0.8 },
  { code: 'C16.900', name: '胃恶性肿瘤', atc: ['L01BC', 'L01EX', 'L01FF'], weight: 0.5 },
  { code: 'C18.900', name: '结肠恶性肿瘤', atc: ['L01FG', 'L01BC'], weight: 0.5 },
  { code: 'C22.000', name: '肝细胞癌', atc: ['L01EX', 'L01FF'], weight: 0.4 },
  { code: 'C61.900', name: '前列腺恶性肿瘤', atc: ['L02BB', 'L01XK'], weight: 0.3 },
  { code: 'G12.000', name: '婴儿型脊髓性肌萎缩症', atc: ['M09AX'], weight: 0.02 },
];

// ---------------------------------------------------------------------------------------------
// Assistance

const ASSISTANCE_MIX = new Weighted<string>([
  ['EXTREME_POVERTY', 8],
  ['SUBSISTENCE', 45],
  ['LOW_INCOME', 25],
  ['RELAPSE_MONITORING', 12],
  ['ILLNESS_POVERTY', 10],
]);
const ASSISTANCE_SHARE = 0.03;
/** Default share of the individual resident premium paid by medical assistance (资助参保). */
const DEFAULT_SUBSIDY_SHARE: Record<string, number> = {
  EXTREME_POVERTY: 1,
  SUBSISTENCE: 1,
  LOW_INCOME: 0.5,
  RELAPSE_MONITORING: 0.5,
  ILLNESS_POVERTY: 0.5,
};
const END_REASONS: Record<string, string[]> = {
  EXTREME_POVERTY: ['死亡', '认定条件变化，终止特困供养'],
  SUBSISTENCE: ['家庭收入超过低保标准', '户籍迁出'],
  LOW_INCOME: ['家庭收入超过低收入认定标准'],
  RELAPSE_MONITORING: ['已消除返贫致贫风险'],
  ILLNESS_POVERTY: ['医疗费用负担减轻，不再符合认定条件'],
};
/** 个人缴费 of a resident per year, fen: 400 元 (000/003: 1200 元 of which 800 元 fiscal subsidy). */
const RESIDENT_PREMIUM = 40_000;
const EMPLOYEE_RATE = 0.02;

// ---------------------------------------------------------------------------------------------
// Generated entities kept in memory between phases

interface InstitutionRow {
  id: number;
  code: string;
  kind: 'HOSPITAL' | 'PRIMARY_CARE' | 'PHARMACY';
  level: number | null;
  region: string;
  active: boolean;
  dualChannel: boolean;
}

interface DrugRow {
  id: number;
  /** Index of the generic name: a prescription lists each generic once. */
  generic: number;
  atc: string;
  unitPrice: number;
  form: Form;
  dualChannel: boolean;
  weight: number;
}

type Counts = Record<GeneratedTable, number>;

/** Rows of one persons chunk, per table, in column order. */
type ChunkRows = Record<Exclude<GeneratedTable, 'institutions' | 'institution_violations' | 'drugs'>, unknown[][]>;

const COLUMNS: Record<GeneratedTable, string[]> = {
  institutions: ['id', 'code', 'name', 'kind', 'level', 'ownership', 'region_code', 'agreement_status', 'payment_method', 'cross_province_linked', 'dual_channel', 'credit_score', 'created_at'],
  institution_violations: ['id', 'institution_id', 'occurred_on', 'description', 'points_deducted'],
  drugs: ['id', 'code', 'name', 'dosage_form', 'item_class', 'dual_channel', 'negotiated', 'volume_procurement', 'special_drug', 'unit_price'],
  persons: ['id', 'id_number', 'name', 'gender', 'birth_date', 'region_code', 'phone', 'created_at'],
  enrollments: ['id', 'person_id', 'region_code', 'year', 'scheme', 'status', 'start_date', 'end_date', 'contribution_base', 'subsidized', 'subsidy_amount', 'created_at'],
  contributions: ['id', 'person_id', 'period', 'payer', 'amount', 'paid_date', 'created_at'],
  assistance_recipients: ['id', 'person_id', 'category', 'start_date', 'end_date', 'certifying_office', 'end_reason', 'created_at'],
  prescriptions: ['id', 'code', 'person_id', 'region_code', 'issuer_id', 'dispenser_id', 'diagnosis_code', 'diagnosis_name', 'status', 'issued_at', 'valid_until', 'dispensed_at', 'pickup_code_hash', 'created_at'],
  prescription_items: ['id', 'prescription_id', 'drug_id', 'quantity', 'unit_price', 'amount', 'usage'],
  prescription_events: ['id', 'prescription_id', 'status', 'institution_id', 'at', 'note'],
  product_enrollments: ['id', 'person_id', 'product_id', 'insurer_code', 'enrolled_at', 'status'],
  consents: ['id', 'person_id', 'insurer_code', 'scopes', 'granted_at', 'expires_at', 'revoked_at'],
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** Splits `total` over weights by largest remainder (exact integer shares). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}

/** Full district name as used in institution and office names (区 carry the city prefix). */
const districtLabel = (region: RegionProfile, county: County): string => (county.name.endsWith('区') ? `${region.city}${county.name}` : county.name);

function uniqueName(used: Set<string>, base: string, insertAt: number): string {
  if (!used.has(base)) {
    used.add(base);
    return base;
  }
  const ordinals = ['二', '三', '四', '五', '六', '七', '八', '九', '十'];
  for (const o of ordinals) {
    const name = `${base.slice(0, insertAt)}第${o}${base.slice(insertAt)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  for (let k = 11; ; k++) {
    const name = `${base}（${k}）`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

// ---------------------------------------------------------------------------------------------
// Generator

export async function generateData(database: Database, opts: GenerateOptions): Promise<GeneratedSummary> {
  const t0 = performance.now();
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new Error(`asOf must be YYYY-MM-DD, got ${asOf}`);
  if (!Number.isInteger(opts.persons) || opts.persons < 0) throw new Error('persons must be a non-negative integer');
  const chunkSize = Math.max(1, opts.chunkSize ?? 50_000);
  const progress = opts.onProgress ?? (() => {});
  const asOfDay = dayOf(asOf);
  const asOfYear = yearOfDay(asOfDay);
  const years = [asOfYear - 1, asOfYear];

  const counts = Object.fromEntries(GENERATED_TABLES.map((t) => [t, 0])) as Counts;
  const copy = async (table: GeneratedTable, rows: unknown[][]): Promise<void> => {
    if (rows.length === 0) return;
    await database.copyRows(table, COLUMNS[table], rows);
    counts[table] += rows.length;
  };

  // Regions must exist for the foreign keys; insert the four if missing.
  for (const r of regionSeeds) {
    await database.rows(sql`insert into regions (code, name, name_en, province) values (${r.code}, ${r.name}, ${r.nameEn}, ${r.province}) on conflict (code) do nothing`);
  }

  // Explicit ids continue after whatever is already there.
  const base = {} as Record<GeneratedTable, number>;
  for (const t of GENERATED_TABLES) {
    const [row] = await database.rows<{ m: number | string | null }>(sql.raw(`select coalesce(max(id), 0) as m from "${t}"`));
    base[t] = Number(row?.m ?? 0);
  }

  const keysDeferred = database.kind === 'postgres' && opts.deferForeignKeys !== false && base.persons === 0;
  const summary = keysDeferred ? await withForeignKeysDeferred(database, GENERATED_TABLES, load, progress) : await load();
  summary.elapsedMs = Math.round(performance.now() - t0);
  progress(`done in ${summary.elapsedMs} ms: ${GENERATED_TABLES.map((t) => `${t} ${counts[t]}`).join(', ')}`);
  return summary;

  async function load(): Promise<GeneratedSummary> {
    // Subsidy amounts from stored 医疗救助 policies where present, else the default shares.
    const subsidyByKey = new Map<string, number>();
    for (const row of await database.rows<{ region_code: string; year: number; category: string; subsidy_amount: number | string }>(
      sql`select region_code, year, category, subsidy_amount from assistance_policies`,
    )) {
      subsidyByKey.set(`${row.region_code}:${row.year}:${row.category}`, Number(row.subsidy_amount));
    }
    const subsidyFor = (region: string, year: number, category: string): number =>
      Math.min(RESIDENT_PREMIUM, subsidyByKey.get(`${region}:${year}:${category}`) ?? Math.round(RESIDENT_PREMIUM * (DEFAULT_SUBSIDY_SHARE[category] ?? 0.5)));

    // Persons per region, proportional to insured population (exact integers).
    const personsPerRegion = apportion(opts.persons, REGIONS.map((r) => r.insured));
    const personsByRegion = Object.fromEntries(REGIONS.map((r, i) => [r.code, personsPerRegion[i]!]));

    // ---- institutions ------------------------------------------------------------------------
    const instRng = new Rng(streamSeed(seed, 'institutions'));
    const institutions: InstitutionRow[] = [];
    const institutionRows: unknown[][] = [];
    const violationRows: unknown[][] = [];
    let violationId = base.institution_violations;
    REGIONS.forEach((region, ri) => {
      const n = personsPerRegion[ri]!;
      const medical = Math.max(MIN_MEDICAL, Math.round(n * MEDICAL_PER_PERSON));
      const pharmacies = Math.max(MIN_PHARMACIES, Math.round(n * PHARMACY_PER_PERSON));
      const hospitals = Math.round(medical * 0.3);
      const level3 = Math.max(1, Math.round(hospitals * 0.12));
      const level2 = Math.max(2, Math.round(hospitals * 0.33));
      const countyPick = new Weighted(region.counties.map((c) => [c, c.weight] as const));
      const seqByCounty = new Map<string, { H: number; P: number }>();
      const usedNames = new Set<string>();
      const flagships = [...region.flagships];
      const cityHospitals = ['第一人民医院', '第二人民医院', '第三人民医院', '中医院', '妇幼保健院', '儿童医院', '肿瘤医院', '口腔医院', '精神卫生中心', '中西医结合医院', '第四人民医院', '眼科医院', '康复医院', '第五人民医院'];
      const total = medical + pharmacies;
      for (let k = 0; k < total; k++) {
        const isPharmacy = k >= medical;
        const kind: InstitutionRow['kind'] = isPharmacy ? 'PHARMACY' : k < hospitals ? 'HOSPITAL' : 'PRIMARY_CARE';
        const level = kind === 'PHARMACY' ? null : kind === 'PRIMARY_CARE' ? 1 : k < level3 ? 3 : k < level3 + level2 ? 2 : 1;
        const county = countyPick.pick(instRng);
        const seqs = seqByCounty.get(county.code) ?? { H: 0, P: 0 };
        seqByCounty.set(county.code, seqs);
        const letter = isPharmacy ? 'P' : 'H';
        seqs[letter] += 1;
        const code = `${letter}${county.code}${pad(seqs[letter], 5)}`;
        const district = districtLabel(region, county);
        const stem = instRng.pick(STEMS);
        let ownership: 'PUBLIC' | 'PRIVATE';
        let name: string;
        if (kind === 'HOSPITAL') {
          ownership = instRng.chance(level === 3 ? 0.92 : level === 2 ? 0.7 : 0.35) ? 'PUBLIC' : 'PRIVATE';
          if (ownership === 'PRIVATE') {
            const brand = instRng.pick(PRIVATE_HOSPITAL_BRANDS);
            name = uniqueName(usedNames, `${level === 1 ? district : region.city}${brand}医院`, (level === 1 ? district : region.city).length);
          } else if (level === 3) {
            const flagship = flagships.shift();
            name = flagship ?? uniqueName(usedNames, `${region.city}${instRng.pick(cityHospitals)}`, region.city.length);
            usedNames.add(name);
          } else if (level === 2) {
            name = uniqueName(usedNames, `${district}${instRng.pick(['人民医院', '中医院', '妇幼保健院', '第二人民医院', `${stem}中心医院`])}`, district.length);
          } else {
            name = uniqueName(usedNames, `${district}${stem}医院`, district.length + stem.length);
          }
        } else if (kind === 'PRIMARY_CARE') {
          ownership = instRng.chance(0.85) ? 'PUBLIC' : 'PRIVATE';
          if (ownership === 'PRIVATE') {
            name = uniqueName(usedNames, `${district}${stem}${instRng.pick(['诊所', '门诊部', '口腔门诊部', '中医诊所'])}`, district.length + stem.length);
          } else if (county.name.endsWith('区') && instRng.chance(0.7)) {
            name = uniqueName(usedNames, `${district}${stem}${instRng.pick(['街道社区卫生服务中心', '社区卫生服务站'])}`, district.length + stem.length);
          } else {
            name = uniqueName(usedNames, `${district}${stem}${instRng.pick(['镇卫生院', '镇中心卫生院', '村卫生室'])}`, district.length + stem.length);
          }
        } else {
          ownership = instRng.chance(0.05) ? 'PUBLIC' : 'PRIVATE';
          if (instRng.chance(0.75)) {
            const chain = instRng.pick(region.pharmacyChains);
            const shop = `${county.name}${stem}`;
            name = uniqueName(usedNames, `${chain}（${shop}店）`, chain.length + 1 + shop.length);
          } else {
            name = uniqueName(usedNames, `${district}${stem}${instRng.pick(INDEPENDENT_PHARMACY_WORDS)}药房`, district.length + stem.length);
          }
        }
        const u = instRng.next();
        let agreement: 'ACTIVE' | 'SUSPENDED' | 'TERMINATED' = u < 0.95 ? 'ACTIVE' : u < 0.98 ? 'SUSPENDED' : 'TERMINATED';
        const payment = kind === 'HOSPITAL' && level! >= 2 && instRng.chance(0.92) ? region.payment : 'FEE_FOR_SERVICE';
        const crossProvince = instRng.chance(kind === 'HOSPITAL' ? 0.6 : kind === 'PRIMARY_CARE' ? 0.15 : 0.25);
        const dualChannel = kind === 'PHARMACY' ? instRng.chance(0.15) : kind === 'HOSPITAL' && level === 3;
        let credit = 75 + Math.floor(instRng.bell() * 26); // 75–100, most near 87
        const id = base.institutions + institutions.length + 1;
        // ~10% have violations; pharmacies on the 12-point scale, medical institutions on the 40-point scale.
        if (instRng.chance(0.1)) {
          const times = instRng.chance(0.75) ? 1 : instRng.range(2, 3);
          let points = 0;
          for (let v = 0; v < times; v++) {
            const pts = isPharmacy ? instRng.range(1, 6) : instRng.chance(0.02) ? 40 : instRng.range(2, 10);
            points += pts;
            const day = dayOf(`${asOfYear - 2}-01-01`) + instRng.int(asOfDay - dayOf(`${asOfYear - 2}-01-01`));
            violationRows.push([++violationId, id, isoDay(day), instRng.pick(isPharmacy ? VIOLATIONS.pharmacy : VIOLATIONS.medical), pts]);
          }
          credit = Math.max(60, credit - (isPharmacy ? points * 3 : points));
          if ((isPharmacy && points >= 12) || points >= 40) agreement = 'TERMINATED';
          else if (agreement === 'ACTIVE' && points >= (isPharmacy ? 9 : 20)) agreement = 'SUSPENDED';
        }
        const createdDay = dayOf('2019-01-01') + instRng.int(dayOf(`${asOfYear - 1}-12-31`) - dayOf('2019-01-01'));
        institutionRows.push([id, code, name, kind, level, ownership, region.code, agreement, payment, crossProvince, dualChannel, credit, stamp(createdDay, 540 + instRng.int(480))]);
        institutions.push({ id, code, kind, level, region: region.code, active: agreement === 'ACTIVE', dualChannel });
      }
    });
    await copy('institutions', institutionRows);
    await copy('institution_violations', violationRows);
    progress(`institutions: ${counts.institutions} (${counts.institution_violations} violations)`);

    // ---- drugs ---------------------------------------------------------------------------------
    const drugRng = new Rng(streamSeed(seed, 'drugs'));
    const drugs: DrugRow[] = [];
    const drugRows: unknown[][] = [];
    {
      const variants = GENERICS.map(() => 1);
      const extra = new Weighted(GENERICS.map((g, i) => [i, g.weight + g.forms.length - 1] as const));
      for (let k = GENERICS.length; k < DRUG_CATALOGUE_SIZE; k++) variants[extra.pick(drugRng)]! += 1;
      const enterprises = Array.from({ length: 80 }, () => pad(drugRng.range(100, 99_999), 5));
      const codes = new Set<string>();
      GENERICS.forEach((g, gi) => {
        const nameCode = `${'ABCDEFGHJK'[Math.floor(gi / 100)]}${pad((gi % 100) * 7 + 3, 3)}`;
        for (let v = 0; v < variants[gi]!; v++) {
          const form = g.forms[v % g.forms.length]!;
          let code: string;
          const originator = v === 0 && g.flags.includes('v');
          do {
            const spec = `${pad(drugRng.range(1, 12), 2)}${pad(drugRng.range(1, 6), 2)}`;
            code = `X${g.atc}${nameCode}${FORM_CODES[form]}${spec}${drugRng.pick(enterprises)}`;
          } while (codes.has(code));
          codes.add(code);
          // Price of a pack: volume-procurement generics are cheap, the originator costs more.
          const factor = originator ? 2 + drugRng.next() * 2 : 0.6 + drugRng.bell() * 0.9;
          const unitPrice = Math.max(50, Math.round(g.price * factor * 100));
          const negotiated = g.flags.includes('n');
          const special = g.flags.includes('s');
          const dual = g.flags.includes('d');
          const id = base.drugs + drugs.length + 1;
          drugRows.push([id, code, productName(g.name, form), form, g.cls, dual, negotiated, g.flags.includes('v'), special, unitPrice]);
          drugs.push({ id, generic: gi, atc: g.atc, unitPrice, form, dualChannel: dual, weight: g.weight });
        }
      });
    }
    await copy('drugs', drugRows);
    progress(`drugs: ${counts.drugs}`);

    const drugsByDiagnosis = DIAGNOSES.map((d) => {
      const list = drugs.filter((x) => d.atc.some((p) => x.atc.startsWith(p)));
      return new Weighted((list.length ? list : drugs).map((x) => [x, x.weight] as const));
    });
    const diagnosisPick = new Weighted(DIAGNOSES.map((d, i) => [i, d.weight] as const));

    const issuersByRegion = new Map<string, InstitutionRow[]>();
    const pharmaciesByRegion = new Map<string, InstitutionRow[]>();
    const dualPharmaciesByRegion = new Map<string, InstitutionRow[]>();
    for (const inst of institutions) {
      if (!inst.active) continue;
      const add = (map: Map<string, InstitutionRow[]>) => {
        const list = map.get(inst.region);
        if (list) list.push(inst);
        else map.set(inst.region, [inst]);
      };
      add(inst.kind === 'PHARMACY' ? pharmaciesByRegion : issuersByRegion);
      if (inst.kind === 'PHARMACY' && inst.dualChannel) add(dualPharmaciesByRegion);
    }
    // Hospitals issue more prescriptions than clinics: weight by level.
    const issuerPick = new Map<string, Weighted<InstitutionRow>>();
    for (const [code, list] of issuersByRegion) issuerPick.set(code, new Weighted(list.map((i) => [i, i.kind === 'HOSPITAL' ? i.level! * 3 : 1] as const)));

    // ---- persons and everything per person ---------------------------------------------------------
    const maxBirthDay = Math.min(dayOf('2025-12-31'), asOfDay - 1);
    const minBirthDay = dayOf('1930-01-01');
    const birthSpan = maxBirthDay - minBirthDay + 1;
    // Birth year distribution from the age bands (ages counted at 2025).
    const birthYears: [number, number][] = [];
    for (const [lo, hi, w] of AGE_BANDS) for (let a = lo; a <= hi; a++) if (2025 - a >= 1930) birthYears.push([2025 - a, w / (hi - lo + 1)]);
    const birthYearPick = new Weighted(birthYears);
    const ageAt = (birthDay: number, day: number): number => {
      const b = isoDay(birthDay);
      const d = isoDay(day);
      let age = Number(d.slice(0, 4)) - Number(b.slice(0, 4));
      if (d.slice(5) < b.slice(5)) age -= 1;
      return age;
    };
    /** Relative propensity to be in the 职工 scheme by age (0 under 18). */
    const employeePropensity = (age: number): number => (age < 18 ? 0 : age < 22 ? 0.25 : age < 25 ? 0.7 : age < 60 ? 1 : age < 75 ? 0.9 : 0.7);
    const meanPropensity = (() => {
      let sum = 0;
      let wsum = 0;
      for (const [y, w] of birthYears) {
        sum += w * employeePropensity(asOfYear - y);
        wsum += w;
      }
      return sum / wsum;
    })();
    // Recipients are (mostly) residents; scale up so the share of all enrolled persons matches the target.
    const employeeFactor = REGIONS.map((r) => r.employeeShare / (meanPropensity * (1 - ASSISTANCE_SHARE * 0.95)));

    // ID sequence allocation: counters per (ID county code, birth day, gender).
    const idCodes: string[] = [...new Set([...REGIONS.flatMap((r) => r.counties.flatMap((c) => [c.code, ...(c.legacy ? [c.legacy.code] : [])])), ...MIGRANT_CODES])];
    const idCodeIndex = new Map(idCodes.map((c, i) => [c, i]));
    const idCounters = new Uint16Array(idCodes.length * birthSpan * 2);

    const regionPicks = REGIONS.map((r) => ({
      county: new Weighted(r.counties.map((c) => [c, c.weight] as const)),
      surname: new Weighted(SURNAMES.map(([s, w]) => [s, w * (r.surnameBoost[s] ?? 1)] as const)),
      legacyDays: new Map(r.counties.filter((c) => c.legacy).map((c) => [c.code, dayOf(c.legacy!.before)])),
    }));
    const productsByRegion = new Map<string, GeneratorProduct[][]>();
    {
      const byRegionYear = new Map<string, Map<number, GeneratorProduct[]>>();
      for (const p of [...opts.products].sort((a, b) => a.id - b.id)) {
        const m = byRegionYear.get(p.regionCode) ?? new Map<number, GeneratorProduct[]>();
        m.set(p.year, [...(m.get(p.year) ?? []), p]);
        byRegionYear.set(p.regionCode, m);
      }
      // Latest year first; only products whose sales window opened by asOf.
      for (const [code, m] of byRegionYear) {
        productsByRegion.set(
          code,
          [...m.entries()].filter(([y]) => dayOf(`${y - 1}-10-01`) <= asOfDay).sort((a, b) => b[0] - a[0]).map(([, list]) => list),
        );
      }
    }

    const personRng = new Rng(streamSeed(seed, 'persons'));
    const rxRng = new Rng(streamSeed(seed, 'prescriptions'));
    const productRng = new Rng(streamSeed(seed, 'products'));
    // Region of person i: deterministic interleave that keeps running totals on the exact shares.
    const assigned = REGIONS.map(() => 0);
    const ids = { ...base };

    const genPerson = (i: number, out: ChunkRows): void => {
      // Region: the one furthest behind its share.
      let ri = 0;
      let best = -Infinity;
      for (let r = 0; r < REGIONS.length; r++) {
        const lag = ((i + 1) * personsPerRegion[r]!) / opts.persons - assigned[r]!;
        if (lag > best) {
          best = lag;
          ri = r;
        }
      }
      assigned[ri]!++;
      const region = REGIONS[ri]!;
      const picks = regionPicks[ri]!;
      const rng = personRng;
      const personId = ++ids.persons;

      const county = picks.county.pick(rng);
      const gender: 'MALE' | 'FEMALE' = rng.chance(0.51) ? 'MALE' : 'FEMALE';
      const birthYear = birthYearPick.pick(rng);
      const yStart = dayOf(`${birthYear}-01-01`);
      let birthDay = Math.min(maxBirthDay, yStart + rng.int(dayOf(`${birthYear + 1}-01-01`) - yStart));
      let idCode = county.code;
      const legacyBefore = picks.legacyDays.get(county.code);
      if (legacyBefore !== undefined && birthDay < legacyBefore) idCode = county.legacy!.code;
      if (rng.chance(MIGRANT_SHARE)) idCode = rng.pick(MIGRANT_CODES);
      // A free sequence for (code, day, gender); 500 per key, else move to the next day.
      const ci = idCodeIndex.get(idCode)!;
      const g = gender === 'MALE' ? 1 : 0;
      let slot = (ci * birthSpan + (birthDay - minBirthDay)) * 2 + g;
      while (idCounters[slot]! >= 500) {
        birthDay = birthDay >= maxBirthDay ? minBirthDay : birthDay + 1;
        slot = (ci * birthSpan + (birthDay - minBirthDay)) * 2 + g;
      }
      const n = idCounters[slot]!++;
      const seq = ((n * 263 + ci * 31 + (birthDay - minBirthDay) * 17) % 500) * 2 + g;
      const birthDate = isoDay(birthDay);
      const idNumber = makeIdNumber(idCode, birthDate, seq, gender);

      const birthYearActual = Number(birthDate.slice(0, 4));
      const era = birthYearActual < 1960 ? 'old' : birthYearActual < 1990 ? 'mid' : 'young';
      const pool = GIVEN[era][gender];
      const given = rng.chance(pool.pSingle) ? pool.singles[rng.int(pool.singles.length)]! : pool.firsts[rng.int(pool.firsts.length)]! + pool.seconds[rng.int(pool.seconds.length)]!;
      const name = picks.surname.pick(rng) + given;
      const phone = rng.chance(0.8) ? `${rng.pick(PHONE_PREFIXES)}${pad(rng.int(100_000_000), 8)}` : null;
      const registeredDay = Math.max(birthDay, dayOf('2019-01-01') + rng.int(dayOf(`${asOfYear - 1}-01-01`) - dayOf('2019-01-01')));
      out.persons.push([personId, idNumber, name, gender, birthDate, region.code, phone, stamp(Math.min(registeredDay, asOfDay - 1), 480 + rng.int(600))]);

      const age = ageAt(birthDay, asOfDay);
      const district = districtLabel(region, county);

      // Medical assistance (~3%).
      let assistance: { category: string; start: number; end: number | null } | null = null;
      if (rng.chance(ASSISTANCE_SHARE)) {
        const category = ASSISTANCE_MIX.pick(rng);
        const start = Math.max(birthDay, dayOf('2016-01-01') + rng.int(asOfDay - dayOf('2016-01-01')));
        const end = rng.chance(0.1) && start < asOfDay - 30 ? start + 30 + rng.int(asOfDay - start - 30) : null;
        assistance = { category, start, end };
        const office = category === 'RELAPSE_MONITORING' ? `${district}农业农村局` : `${district}民政局`;
        out.assistance_recipients.push([
          ++ids.assistance_recipients, personId, category, isoDay(start), end === null ? null : isoDay(end), office,
          end === null ? null : rng.pick(END_REASONS[category]!), stamp(start, 540 + rng.int(480)),
        ]);
      }

      // Scheme: 职工 by age propensity scaled to the city's share; recipients are mostly residents.
      const pEmployee = Math.min(0.97, employeePropensity(age) * employeeFactor[ri]!);
      const scheme: 'EMPLOYEE' | 'RESIDENT' = assistance && rng.chance(0.95) ? 'RESIDENT' : rng.chance(pEmployee) ? 'EMPLOYEE' : 'RESIDENT';
      const retired = scheme === 'EMPLOYEE' && age >= (gender === 'MALE' ? 60 : 55);
      const baseWage = scheme === 'EMPLOYEE' && !retired
        ? Math.round(Math.min(3, Math.max(0.6, 0.45 + rng.bell() * 1.4 + (rng.chance(0.08) ? rng.next() * 1.5 : 0))) * region.wage) * 100
        : null;

      const statuses: string[] = [];
      for (const year of years) {
        const yearStart = dayOf(`${year}-01-01`);
        const yearEnd = dayOf(`${year}-12-31`);
        if (birthDay > Math.min(yearEnd, asOfDay)) {
          statuses.push('NONE');
          continue; // not born yet
        }
        const u = rng.next();
        const recipientThisYear = assistance !== null && assistance.start <= yearEnd && (assistance.end === null || assistance.end >= yearStart);
        let status = u < 0.986 ? 'ACTIVE' : u < 0.994 ? 'SUSPENDED' : 'TERMINATED';
        if (recipientThisYear && status !== 'ACTIVE' && rng.chance(0.8)) status = 'ACTIVE'; // 资助参保 target 100%
        statuses.push(status);
        const start = Math.max(yearStart, birthDay);
        const lastDay = Math.min(yearEnd, asOfDay - 1);
        const end = status === 'TERMINATED' ? start + rng.int(Math.max(1, lastDay - start + 1)) : null;
        const subsidized = scheme === 'RESIDENT' && recipientThisYear;
        const subsidy = subsidized ? subsidyFor(region.code, year, assistance!.category) : null;
        // Contribution base rises ~3% a year.
        const contributionBase = baseWage === null ? null : year === asOfYear ? baseWage : Math.round(baseWage / 1.03 / 100) * 100;
        out.enrollments.push([
          ++ids.enrollments, personId, region.code, year, scheme, status, isoDay(start), end === null ? null : isoDay(end),
          contributionBase, subsidized, subsidy, stamp(Math.min(start, asOfDay - 1), 480 + rng.int(600)),
        ]);

        if (status === 'SUSPENDED') continue; // 欠费: nothing paid
        const period = String(year);
        if (scheme === 'EMPLOYEE') {
          if (contributionBase === null) continue; // retirees pay no contributions
          const lastPaid = end ?? Math.min(yearEnd, asOfDay - 1);
          const months = Number(isoDay(lastPaid).slice(5, 7)) - Number(isoDay(start).slice(5, 7)) + 1;
          const paid = dayOf(`${isoDay(lastPaid).slice(0, 7)}-01`) + 14;
          const paidDate = isoDay(Math.min(paid, asOfDay - 1));
          const created = stamp(Math.min(paid, asOfDay - 1), 600);
          out.contributions.push([++ids.contributions, personId, period, 'INDIVIDUAL', Math.round(contributionBase * months * EMPLOYEE_RATE), paidDate, created]);
          out.contributions.push([++ids.contributions, personId, period, 'EMPLOYER', Math.round(contributionBase * months * region.employerRate), paidDate, created]);
        } else {
          // Residents pay for the next year in the autumn collection (Sept–Dec); newborns within a month of birth.
          const bornThisYear = birthDay >= yearStart;
          const paid = bornThisYear ? Math.min(birthDay + rng.int(30), asOfDay - 1) : dayOf(`${year - 1}-09-01`) + rng.int(122);
          const paidDate = isoDay(paid);
          const created = stamp(paid, 480 + rng.int(600));
          const individual = RESIDENT_PREMIUM - (subsidy ?? 0);
          if (individual > 0) out.contributions.push([++ids.contributions, personId, period, 'INDIVIDUAL', individual, paidDate, created]);
          if (subsidy) {
            // Paid by medical assistance once the person is certified (at once for those certified mid-year).
            const subsidyPaid = Math.min(Math.max(paid, assistance!.start + 7), asOfDay - 1);
            out.contributions.push([++ids.contributions, personId, period, 'GOVERNMENT_SUBSIDY', subsidy, isoDay(subsidyPaid), stamp(subsidyPaid, 600)]);
          }
        }
      }

      // E-prescriptions for ~5% of persons (own stream).
      if (rxRng.chance(0.05)) {
        const issuers = issuerPick.get(region.code);
        const pharmacies = pharmaciesByRegion.get(region.code) ?? [];
        const dualPharmacies = dualPharmaciesByRegion.get(region.code) ?? [];
        const count = rxRng.chance(0.6) ? 1 : rxRng.chance(0.6) ? 2 : 3;
        const from = Math.max(dayOf(`${years[0]}-01-01`), birthDay);
        for (let k = 0; issuers && k < count && from < asOfDay; k++) {
          const issuer = issuers.pick(rxRng);
          const rxId = ++ids.prescriptions;
          const issueDay = from + rxRng.int(asOfDay - from);
          const issuedMin = 480 + rxRng.int(600);
          const issuedAt = stamp(issueDay, issuedMin);
          const validUntil = stamp(issueDay + 3, issuedMin);
          const di = diagnosisPick.pick(rxRng);
          const diagnosis = DIAGNOSES[di]!;
          const lines = rxRng.chance(0.45) ? 1 : rxRng.range(2, 4);
          const byGeneric = new Map<number, DrugRow>();
          for (let l = 0; l < lines; l++) {
            const drug = drugsByDiagnosis[di]!.pick(rxRng);
            if (!byGeneric.has(drug.generic)) byGeneric.set(drug.generic, drug);
          }
          const chosen = [...byGeneric.values()];
          const needsDual = chosen.some((d) => d.dualChannel);
          for (const drug of chosen) {
            const quantity = drug.unitPrice > 100_000 ? 1 : rxRng.range(1, 3);
            out.prescription_items.push([++ids.prescription_items, rxId, drug.id, quantity, drug.unitPrice, quantity * drug.unitPrice, usageFor(drug.form, drug.atc, rxRng)]);
          }
          const stillValid = issueDay + 3 >= asOfDay;
          const u = rxRng.next();
          let status = stillValid ? (u < 0.4 ? 'ISSUED' : u < 0.95 ? 'DISPENSED' : 'CANCELLED') : u < 0.85 ? 'DISPENSED' : u < 0.95 ? 'EXPIRED' : 'CANCELLED';
          const dispensers = needsDual && dualPharmacies.length ? dualPharmacies : pharmacies;
          if (status === 'DISPENSED' && dispensers.length === 0) status = stillValid ? 'ISSUED' : 'EXPIRED';
          let dispenserId: number | null = null;
          let dispensedAt: string | null = null;
          const code = `RX${region.code}${isoDay(issueDay).replaceAll('-', '')}${pad(rxId % 100_000_000, 8)}`;
          const pickup = pad(rxRng.int(1_000_000), 6);
          out.prescription_events.push([++ids.prescription_events, rxId, 'ISSUED', issuer.id, issuedAt, null]);
          if (status === 'DISPENSED') {
            const dispenser = rxRng.pick(dispensers);
            dispenserId = dispenser.id;
            const latest = Math.min(3 * 1440, (asOfDay - issueDay) * 1440 - issuedMin - 1);
            dispensedAt = stamp(issueDay, issuedMin + 10 + rxRng.int(Math.max(1, latest - 10)));
            out.prescription_events.push([++ids.prescription_events, rxId, 'DISPENSED', dispenser.id, dispensedAt, '三重核验通过（医保电子凭证、取药码、追溯码）']);
          } else if (status === 'EXPIRED') {
            out.prescription_events.push([++ids.prescription_events, rxId, 'EXPIRED', null, validUntil, '超过有效期未取药']);
          } else if (status === 'CANCELLED') {
            const at = stamp(issueDay, issuedMin + 5 + rxRng.int(Math.min(600, Math.max(1, (asOfDay - issueDay) * 1440 - issuedMin - 6))));
            out.prescription_events.push([++ids.prescription_events, rxId, 'CANCELLED', issuer.id, at, rxRng.pick(['医师撤销：患者要求', '医师撤销：处方信息有误', '医师撤销：更改治疗方案'])]);
          }
          out.prescriptions.push([
            rxId, code, personId, region.code, issuer.id, dispenserId, diagnosis.code, diagnosis.name, status,
            issuedAt, validUntil, dispensedAt, sha256(pickup), issuedAt,
          ]);
        }
      }

      // 惠民保 enrollments (~20% in the latest year) and consents (own stream).
      const productYears = productsByRegion.get(region.code);
      if (productYears && productYears.length) {
        const latestIn = productRng.chance(0.2);
        const perInsurer = new Map<string, { enrolledAt: number; year: number }>();
        productYears.forEach((list, yi) => {
          if (!(yi === 0 ? latestIn : productRng.chance(latestIn ? 0.75 : 0.03))) return;
          const product = list.length === 1 ? list[0]! : productRng.pick(list);
          // Basic insurance in the region is a condition (ACCESS-POLICY enrollInProduct).
          const yIndex = years.indexOf(product.year);
          const basicStatus = statuses[yIndex >= 0 ? yIndex : statuses.length - 1];
          if (basicStatus !== 'ACTIVE') return;
          const windowStart = Math.max(dayOf(`${product.year - 1}-10-01`), birthDay);
          const windowEnd = Math.min(dayOf(`${product.year}-03-31`), asOfDay - 1);
          if (windowEnd < windowStart) return;
          const day = windowStart + productRng.int(windowEnd - windowStart + 1);
          const minute = 420 + productRng.int(900);
          out.product_enrollments.push([++ids.product_enrollments, personId, product.id, product.insurerCode, stamp(day, minute), productRng.chance(0.98) ? 'ACTIVE' : 'CANCELLED']);
          const prev = perInsurer.get(product.insurerCode);
          if (!prev || prev.year < product.year) perInsurer.set(product.insurerCode, { enrolledAt: day * 1440 + minute, year: product.year });
        });
        for (const [insurer, { enrolledAt, year }] of [...perInsurer.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
          const u = productRng.next();
          if (u >= 0.85) continue; // never consented
          const scopes = ['ELIGIBILITY', 'SETTLEMENTS'];
          if (productRng.chance(0.3)) scopes.push('DIAGNOSIS');
          if (productRng.chance(0.2)) scopes.push('PRESCRIPTIONS');
          const grantedMin = enrolledAt + 1 + productRng.int(30);
          const granted = stamp(Math.floor(grantedMin / 1440), grantedMin % 1440);
          let expires = `${Math.max(2027, year + 1)}-${productRng.chance(0.8) ? '12-31T23:59:59' : '06-30T23:59:59'}+08:00`;
          let revoked: string | null = null;
          if (u >= 0.7 && u < 0.78) {
            const from = Math.floor(grantedMin / 1440) + 1;
            if (from < asOfDay) revoked = stamp(from + productRng.int(asOfDay - from), 480 + productRng.int(600));
          } else if (u >= 0.78) {
            // Lapsed: a consent that ran out before asOf.
            const lapse = Math.floor(grantedMin / 1440) + 30 + productRng.int(180);
            if (lapse < asOfDay) expires = stamp(lapse, 1439);
          }
          out.consents.push([++ids.consents, personId, insurer, `{${scopes.join(',')}}`, granted, expires, revoked]);
        }
      }
    };

    const emptyChunk = (): ChunkRows => ({
      persons: [], enrollments: [], contributions: [], assistance_recipients: [], prescriptions: [], prescription_items: [],
      prescription_events: [], product_enrollments: [], consents: [],
    });
    const loadChunk = async (rows: ChunkRows): Promise<void> => {
      if (keysDeferred) {
        // No foreign keys during the load: every table of the chunk at once.
        await Promise.all((Object.keys(rows) as (keyof ChunkRows)[]).map((t) => copy(t, rows[t])));
        return;
      }
      await copy('persons', rows.persons);
      await Promise.all([
        copy('enrollments', rows.enrollments),
        copy('contributions', rows.contributions),
        copy('assistance_recipients', rows.assistance_recipients),
        (async () => {
          await copy('prescriptions', rows.prescriptions);
          await Promise.all([copy('prescription_items', rows.prescription_items), copy('prescription_events', rows.prescription_events)]);
        })(),
        (async () => {
          await copy('product_enrollments', rows.product_enrollments);
          await copy('consents', rows.consents);
        })(),
      ]);
    };

    // Generate chunk k+1 while chunk k loads.
    let pending: Promise<void> = Promise.resolve();
    for (let start = 0; start < opts.persons; start += chunkSize) {
      const end = Math.min(opts.persons, start + chunkSize);
      const rows = emptyChunk();
      for (let i = start; i < end; i++) genPerson(i, rows);
      await pending;
      pending = loadChunk(rows);
      pending.catch(() => {}); // awaited below; avoid an unhandled-rejection report meanwhile
      progress(`persons: ${end}/${opts.persons} generated, ${counts.persons} loaded (${Math.round(performance.now() - t0)} ms)`);
    }
    await pending;

    // Later inserts without an id must not collide with the explicit ids.
    for (const t of GENERATED_TABLES) {
      await database.rows(sql.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), max(id)) from "${t}"`));
    }

    return { seed, asOf, years, counts, personsByRegion, elapsedMs: 0 };
  }
}

/**
 * Runs a bulk load with the foreign keys declared on `tables` dropped (the per-row checks cost
 * about as much as the rest of the load), then re-adds exactly those definitions, which checks
 * every row in one pass per constraint. Only for tables nobody else writes meanwhile. A load
 * that fails still gets its keys back; if that fails too, the error says both.
 */
export async function withForeignKeysDeferred<T>(database: Database, tables: readonly string[], load: () => Promise<T>, progress: (msg: string) => void): Promise<T> {
  const restore = await dropForeignKeys(database, tables);
  progress(`foreign keys of ${tables.join(', ')} dropped for the bulk load`);
  let result: T;
  try {
    result = await load();
  } catch (failure) {
    try {
      await restore();
    } catch (e) {
      throw new Error(`the load failed (${String(failure)}) and restoring its foreign keys failed too (${String(e)}); load into a fresh database`, { cause: e });
    }
    throw failure;
  }
  await restore();
  progress('foreign keys re-added and validated');
  return result;
}

/**
 * Drops the foreign keys declared on `tables` (as the catalog defines them) and returns a function
 * that re-adds exactly those definitions.
 */
async function dropForeignKeys(database: Database, tables: readonly string[]): Promise<() => Promise<void>> {
  const list = tables.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ');
  const fks = await database.rows<{ tbl: string; name: string; def: string }>(
    sql.raw(
      `select c.relname as tbl, k.conname as name, pg_get_constraintdef(k.oid) as def
         from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = current_schema() and c.relname in (${list})
        order by c.relname, k.conname`,
    ),
  );
  const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
  // All dropped or none, and later all back or none: a failure halfway never leaves some keys missing.
  await database.db.transaction(async (tx) => {
    for (const fk of fks) await database.rows(sql.raw(`alter table ${ident(fk.tbl)} drop constraint ${ident(fk.name)}`), tx);
  });
  return async () => {
    // Add each as NOT VALID (instant), then validate: VALIDATE takes only a SHARE UPDATE EXCLUSIVE lock
    // on its table, so different tables validate in parallel. A failed validation leaves the key in
    // place, NOT VALID, and names the constraint.
    await database.db.transaction(async (tx) => {
      for (const fk of fks) await database.rows(sql.raw(`alter table ${ident(fk.tbl)} add constraint ${ident(fk.name)} ${fk.def} not valid`), tx);
    });
    const byTable = new Map<string, string[]>();
    for (const fk of fks) byTable.set(fk.tbl, [...(byTable.get(fk.tbl) ?? []), fk.name]);
    await Promise.all(
      [...byTable].map(async ([tbl, names]) => {
        for (const name of names) await database.rows(sql.raw(`alter table ${ident(tbl)} validate constraint ${ident(name)}`));
      }),
    );
  };
}

