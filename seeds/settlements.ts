/**
 * Demo one-stop settlements (一站式结算) for a deterministic sample of the generated persons. Each
 * bill is split by the settlement engine with the stored policies, through the same rules as
 * `settleClaim` (policy lookup, 惠民保 coverage, level of the institution), one person's bills in
 * date order from their running accumulators; the settlements, their items and the accumulators
 * they add up to are bulk-loaded (COPY on PostgreSQL, batched INSERT on PGlite).
 *
 * Same seed + same generated data + same asOf ⇒ the same rows: one seeded PRNG stream, persons
 * and reference rows read in id order, no clock.
 *
 * Proportions are realistic defaults, stated in no source document: 10% of the persons enrolled
 * in a year settle 1–4 bills that year; encounters are 45% 普通门诊, 25% 药店购药, 15% 门诊慢特病 and
 * 15% 住院, a tenth of the admissions major cases; 3% of visits are at an institution of another pooling region (异地就医); 2% of the
 * settlements are reversed (冲正) at once, so they count in no accumulator. Service item codes
 * have the shape of the 15-character 医疗服务项目 codes but are illustrative.
 */
import { and, asc, between, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { basicParams, criticalParams, policyLevel, productCoverage, splitColumns } from '../src/benefits/settle.js';
import { computeSettlement, ZERO_ACCUMULATORS } from '../src/benefits/settlement/engine.js';
import type { AssistanceParams, EncounterType, ItemClass, SettlementAccumulators } from '../src/benefits/settlement/types.js';
import { ASSISTANCE_CATEGORIES } from '../src/benefits/settlement/types.js';
import type { Database } from '../src/db/client.js';
import { withFlatRows } from '../src/db/flat-rows.js';
import {
  assistancePolicies, assistanceRecipients, benefitPolicies, consents, criticalIllnessPolicies, drugs, enrollments, institutions,
  insuranceProducts, persons, productEnrollments, regions, settlements,
} from '../src/db/schema/index.js';
import { DEFAULT_AS_OF, DEFAULT_SEED, DIAGNOSES, Rng, withForeignKeysDeferred } from './generate.js';

export interface SettlementSeedOptions {
  seed?: number;
  /** The "today" of the data set, YYYY-MM-DD: bills fall before it, in its year and the one before. */
  asOf?: string;
  /** Share of the persons enrolled in a year who settle bills that year (default 0.1). */
  share?: number;
  onProgress?: (msg: string) => void;
  /** Persons per computed and loaded chunk (default 5,000). Does not change the rows. */
  chunkSize?: number;
  /**
   * On PostgreSQL, drop the foreign keys of the settlement tables for the load and re-add
   * (validate) them at the end, as the generator does for its tables. Only for a database
   * nobody else writes to meanwhile (a fresh load).
   */
  deferForeignKeys?: boolean;
}

export interface SettlementSeedSummary {
  settlements: number;
  items: number;
  accumulators: number;
  reversed: number;
  elapsedMs: number;
}

const PERSON_CHUNK = 5000;
const SETTLEMENT_TABLES = ['settlements', 'settlement_items', 'accumulators'];
const REVERSED_SHARE = 0.02;
const ELSEWHERE_SHARE = 0.03;
const MAJOR_CASE_SHARE = 0.1;
const DAY_MS = 86_400_000;

const SETTLEMENT_COLUMNS = [
  'id', 'person_id', 'institution_id', 'region_code', 'scheme', 'encounter_type', 'bill_date', 'settled_at', 'diagnosis_code', 'diagnosis_name',
  'cross_province', 'product_id', 'total_amount', 'policy_range_amount', 'class_b_prepaid', 'deductible_paid', 'fund_paid', 'critical_illness_paid',
  'assistance_paid', 'commercial_paid', 'self_paid', 'computation', 'client_id', 'status', 'reversed_at', 'reversal_reason',
];
const ITEM_COLUMNS = ['id', 'settlement_id', 'code', 'name', 'item_class', 'amount', 'special_drug'];
const ACCUMULATOR_COLUMNS = [
  'person_id', 'year', 'deductible_paid', 'fund_paid', 'critical_qualifying', 'critical_paid', 'assistance_paid', 'self_paid_in_range',
  'product_deductible_in_used', 'product_deductible_out_used', 'product_paid', 'created_at',
];

const ENCOUNTER_MIX: readonly (readonly [EncounterType, number])[] = [['OUTPATIENT', 45], ['PHARMACY', 25], ['CHRONIC_OUTPATIENT', 15], ['INPATIENT', 15]];

interface Service {
  code: string;
  name: string;
  itemClass: ItemClass;
  /** Yuan range of one charge (per day for daily charges). */
  yuan: readonly [number, number];
}
const SERVICES = {
  consultation: { code: '001102000010000', name: '普通门诊诊查费', itemClass: 'A', yuan: [10, 50] },
  laboratory: { code: '002501000010000', name: '血常规检查', itemClass: 'A', yuan: [20, 300] },
  imaging: { code: '002100000020000', name: 'X线计算机体层(CT)扫描', itemClass: 'B', yuan: [200, 1200] },
  bed: { code: '001103000010000', name: '床位费', itemClass: 'A', yuan: [40, 120] },
  nursing: { code: '001201000010000', name: '护理费', itemClass: 'A', yuan: [20, 60] },
  surgery: { code: '003300000010000', name: '手术费', itemClass: 'B', yuan: [3000, 40000] },
  consumable: { code: '003400000090000', name: '一次性医用耗材（目录外）', itemClass: 'C', yuan: [200, 8000] },
} as const satisfies Record<string, Service>;

interface DrugShape {
  code: string;
  name: string;
  itemClass: ItemClass;
  specialDrug: boolean;
  unitPrice: number;
}
interface ItemShape {
  code: string;
  name: string;
  itemClass: ItemClass;
  amount: number;
  specialDrug: boolean;
}
interface InstitutionShape {
  id: number;
  kind: string;
  level: number | null;
  regionCode: string;
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const pad = (n: number) => String(n).padStart(2, '0');

function pickWeighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  let u = rng.next() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of entries) {
    u -= weight;
    if (u < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

const yuanIn = (rng: Rng, [lo, hi]: readonly [number, number]) => rng.range(lo * 100, hi * 100);
const service = (s: Service, amount: number): ItemShape => ({ code: s.code, name: s.name, itemClass: s.itemClass, amount, specialDrug: false });
const drugLine = (d: DrugShape, quantity: number): ItemShape => ({
  code: d.code, name: d.name, itemClass: d.itemClass, amount: d.unitPrice * quantity, specialDrug: d.specialDrug,
});

/** The lines of one bill: services by encounter type, drugs for the diagnosis. */
function billItems(rng: Rng, encounterType: EncounterType, medicines: readonly DrugShape[]): ItemShape[] {
  const drugsOf = (lines: number, quantity: () => number) =>
    Array.from({ length: lines }, () => {
      const d = rng.pick(medicines);
      return drugLine(d, d.unitPrice > 100_000 ? 1 : quantity());
    });
  switch (encounterType) {
    case 'PHARMACY':
      return drugsOf(rng.range(1, 3), () => rng.range(1, 3));
    case 'OUTPATIENT':
      return [
        service(SERVICES.consultation, yuanIn(rng, SERVICES.consultation.yuan)),
        ...(rng.chance(0.3) ? [service(SERVICES.laboratory, yuanIn(rng, SERVICES.laboratory.yuan))] : []),
        ...(rng.chance(0.1) ? [service(SERVICES.imaging, yuanIn(rng, SERVICES.imaging.yuan))] : []),
        ...drugsOf(rng.range(1, 3), () => rng.range(1, 2)),
      ];
    case 'CHRONIC_OUTPATIENT':
      return [service(SERVICES.consultation, yuanIn(rng, SERVICES.consultation.yuan)), ...drugsOf(rng.range(2, 4), () => rng.range(2, 6))];
    case 'INPATIENT': {
      // A few admissions are major cases (long stays, big operations): the ones 大病保险 and 惠民保 pay for.
      const major = rng.chance(MAJOR_CASE_SHARE);
      const days = major ? rng.range(15, 40) : rng.range(3, 15);
      return [
        service(SERVICES.bed, days * yuanIn(rng, SERVICES.bed.yuan)),
        service(SERVICES.nursing, days * yuanIn(rng, SERVICES.nursing.yuan)),
        service(SERVICES.laboratory, yuanIn(rng, SERVICES.laboratory.yuan) * rng.range(2, 6)),
        ...(major || rng.chance(0.4) ? [service(SERVICES.imaging, yuanIn(rng, SERVICES.imaging.yuan))] : []),
        ...(major || rng.chance(0.4) ? [service(SERVICES.surgery, yuanIn(rng, SERVICES.surgery.yuan) * (major ? rng.range(2, 5) : 1))] : []),
        ...(major || rng.chance(0.5) ? [service(SERVICES.consumable, yuanIn(rng, SERVICES.consumable.yuan) * (major ? rng.range(3, 8) : 1))] : []),
        ...drugsOf(rng.range(3, 8), () => rng.range(2, major ? 30 : 10)),
      ];
    }
  }
}

/** Reference rows the bills need, read once, in id order. */
async function loadReference(database: Database) {
  const { db } = database;
  const [basic, critical, assistance, products, medical, catalogue, regionRows] = await Promise.all([
    db.select().from(benefitPolicies).orderBy(asc(benefitPolicies.id)),
    db.select().from(criticalIllnessPolicies).orderBy(asc(criticalIllnessPolicies.id)),
    db.select().from(assistancePolicies).orderBy(asc(assistancePolicies.id)),
    db.select().from(insuranceProducts).orderBy(asc(insuranceProducts.id)),
    db
      .select({ id: institutions.id, kind: institutions.kind, level: institutions.level, regionCode: institutions.regionCode })
      .from(institutions)
      .where(eq(institutions.agreementStatus, 'ACTIVE'))
      .orderBy(asc(institutions.id)),
    db.select({ code: drugs.code, name: drugs.name, itemClass: drugs.itemClass, specialDrug: drugs.specialDrug, unitPrice: drugs.unitPrice }).from(drugs).orderBy(asc(drugs.id)),
    db.select().from(regions),
  ]);
  const byKey = <T>(rows: T[], key: (r: T) => string) => new Map(rows.map((r) => [key(r), r]));
  const medicines = catalogue as DrugShape[];
  return {
    basic: byKey(basic, (p) => `${p.regionCode}:${p.scheme}:${p.year}:${p.encounterType}:${p.institutionLevel}`),
    critical: byKey(critical, (p) => `${p.regionCode}:${p.scheme}:${p.year}`),
    assistance: byKey(assistance, (p) => `${p.regionCode}:${p.year}:${p.category}`),
    products: byKey(products, (p) => String(p.id)),
    province: new Map(regionRows.map((r) => [r.code, r.province])),
    institutions: medical as InstitutionShape[],
    diagnoses: DIAGNOSES.map((d) => {
      const matching = medicines.filter((m) => d.atc.some((prefix) => m.code.slice(1).startsWith(prefix)));
      return { diagnosis: d, medicines: matching.length ? matching : medicines };
    }),
  };
}

type Reference = Awaited<ReturnType<typeof loadReference>>;

/** Where a visit of this type can happen in a region: pharmacies, any medical institution, or hospitals for admissions. */
function institutionPicker(ref: Reference) {
  const lists = new Map<string, InstitutionShape[]>();
  for (const inst of ref.institutions) {
    const kinds = inst.kind === 'PHARMACY' ? ['PHARMACY'] : inst.kind === 'HOSPITAL' ? ['MEDICAL', 'INPATIENT'] : ['MEDICAL'];
    for (const k of kinds) {
      const key = `${inst.regionCode}:${k}`;
      lists.set(key, [...(lists.get(key) ?? []), inst]);
    }
  }
  const regionCodes = [...ref.province.keys()].sort();
  return (rng: Rng, home: string, encounterType: EncounterType): InstitutionShape | null => {
    const region = rng.chance(ELSEWHERE_SHARE) ? rng.pick(regionCodes) : home;
    const kind = encounterType === 'PHARMACY' ? 'PHARMACY' : encounterType === 'INPATIENT' ? 'INPATIENT' : 'MEDICAL';
    const list = lists.get(`${region}:${kind}`);
    if (!list?.length) return null;
    // Bigger hospitals see more patients.
    return pickWeighted(rng, list.map((i) => [i, i.kind === 'HOSPITAL' ? (i.level ?? 1) * 3 : 1] as const));
  };
}

/**
 * The facts of a chunk of persons with ids in [first, last] (a range, not an id list: 5,000 bound
 * parameters per query cost more than the query), as a reader prepared once per load: only the
 * columns the bills use, mapped by the flat row mapper (drizzle's own mapping of two million
 * enrollment rows, each with its creation instant made a Date, was a large part of the load).
 */
function chunkFactsReader(database: Database, years: number[]) {
  const { db } = database;
  const inChunk = (column: AnyPgColumn) => between(column, sql.placeholder('first'), sql.placeholder('last'));
  const enrolled = withFlatRows(db
    .select({ personId: enrollments.personId, year: enrollments.year, scheme: enrollments.scheme, startDate: enrollments.startDate, endDate: enrollments.endDate })
    .from(enrollments)
    .where(and(inChunk(enrollments.personId), inArray(enrollments.year, years), eq(enrollments.status, 'ACTIVE')))
    .orderBy(asc(enrollments.id))
    .prepare('seed_chunk_enrollments'));
  const recipients = withFlatRows(db
    .select({ personId: assistanceRecipients.personId, category: assistanceRecipients.category, startDate: assistanceRecipients.startDate, endDate: assistanceRecipients.endDate })
    .from(assistanceRecipients)
    .where(inChunk(assistanceRecipients.personId))
    .orderBy(asc(assistanceRecipients.id))
    .prepare('seed_chunk_recipients'));
  const products = withFlatRows(db
    .select({ personId: productEnrollments.personId, productId: productEnrollments.productId })
    .from(productEnrollments)
    .where(and(inChunk(productEnrollments.personId), eq(productEnrollments.status, 'ACTIVE')))
    .orderBy(asc(productEnrollments.id))
    .prepare('seed_chunk_products'));
  const consented = withFlatRows(db
    .select({
      personId: consents.personId, insurerCode: consents.insurerCode, scopes: consents.scopes, grantedAt: consents.grantedAt,
      expiresAt: consents.expiresAt, revokedAt: consents.revokedAt,
    })
    .from(consents)
    .where(inChunk(consents.personId))
    .orderBy(asc(consents.id))
    .prepare('seed_chunk_consents'));
  const group = <T extends { personId: number }>(rows: T[]) => {
    const map = new Map<number, T[]>();
    for (const r of rows) {
      const list = map.get(r.personId);
      if (list) list.push(r);
      else map.set(r.personId, [r]);
    }
    return (personId: number) => map.get(personId) ?? [];
  };
  return async (first: number, last: number) => {
    const range = { first, last };
    const [e, r, p, c] = await Promise.all([enrolled.execute(range), recipients.execute(range), products.execute(range), consented.execute(range)]);
    return { enrollments: group(e), recipients: group(r), products: group(p), consents: group(c) };
  };
}

/**
 * Generates and loads the demo settlements once: a database that has settlements already is left
 * alone (returns null).
 */
export async function seedSettlements(database: Database, opts: SettlementSeedOptions = {}): Promise<SettlementSeedSummary | null> {
  const t0 = performance.now();
  const [existing] = await database.rows<{ n: number | string }>(sql`select count(*) as n from ${settlements}`);
  if (Number(existing?.n ?? 0) > 0) return null;
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  const asOfDay = dayOf(asOf);
  const asOfYear = Number(asOf.slice(0, 4));
  const years = [asOfYear - 1, asOfYear];
  const share = opts.share ?? 0.1;
  const chunkSize = Math.max(1, opts.chunkSize ?? PERSON_CHUNK);
  const progress = opts.onProgress ?? (() => {});
  const rng = new Rng(((opts.seed ?? DEFAULT_SEED) ^ 0x5e771e) >>> 0);
  const ref = await loadReference(database);
  const pickInstitution = institutionPicker(ref);
  const summary: SettlementSeedSummary = { settlements: 0, items: 0, accumulators: 0, reversed: 0, elapsedMs: 0 };
  const [maxIds] = await database.rows<{ s: number | string; i: number | string }>(
    sql`select (select coalesce(max(id), 0) from settlements) as s, (select coalesce(max(id), 0) from settlement_items) as i`,
  );
  let settlementId = Number(maxIds?.s ?? 0);
  let itemId = Number(maxIds?.i ?? 0);

  const personsAfter = withFlatRows(database.db
    .select({ id: persons.id, regionCode: persons.regionCode })
    .from(persons)
    .where(gt(persons.id, sql.placeholder('after')))
    .orderBy(asc(persons.id))
    .limit(chunkSize)
    .prepare('seed_chunk_persons'));
  const factsOf = chunkFactsReader(database, years);
  const readChunk = async (after: number) => {
    const chunk = await personsAfter.execute({ after });
    if (chunk.length === 0) return null;
    const last = chunk[chunk.length - 1]!.id;
    return { chunk, last, facts: await factsOf(chunk[0]!.id, last) };
  };
  const writeChunk = async (rows: { settlements: unknown[][]; items: unknown[][]; accumulators: unknown[][] }, lastPersonId: number) => {
    await database.copyRows('settlements', SETTLEMENT_COLUMNS, rows.settlements);
    await Promise.all([
      database.copyRows('settlement_items', ITEM_COLUMNS, rows.items),
      database.copyRows('accumulators', ACCUMULATOR_COLUMNS, rows.accumulators),
    ]);
    summary.settlements += rows.settlements.length;
    summary.items += rows.items.length;
    summary.accumulators += rows.accumulators.length;
    progress(`settlements: ${summary.settlements} for persons up to id ${lastPersonId}`);
  };

  // A pipeline of three stages: chunk k+1's facts are read and chunk k-1's rows written while
  // chunk k is computed, so neither Node nor PostgreSQL waits for the other (the computation
  // order, and so every row, is the same as one chunk after another).
  const loadAll = async () => {
    let next = readChunk(0);
    let writing: Promise<void> = Promise.resolve();
    try {
      for (let current = await next; current; current = await next) {
        const { chunk, facts, last: lastPersonId } = current;
        next = readChunk(lastPersonId);
        const rows = { settlements: [] as unknown[][], items: [] as unknown[][], accumulators: [] as unknown[][] };

        for (const person of chunk) {
          for (const enrollment of facts.enrollments(person.id)) {
            if (!rng.chance(share)) continue;
            const year = enrollment.year;
            const first = Math.max(dayOf(enrollment.startDate), dayOf(`${year}-01-01`));
            const last = Math.min(enrollment.endDate ? dayOf(enrollment.endDate) : Infinity, dayOf(`${year}-12-31`), asOfDay - 1);
            if (last < first) continue;
            const days = Array.from({ length: 1 + (rng.chance(0.5) ? rng.int(4) : 0) }, () => first + rng.int(last - first + 1)).sort((a, b) => a - b);
            let running: SettlementAccumulators = ZERO_ACCUMULATORS;
            let selfPaidInRange = 0;
            let openedAt: string | null = null;
            for (const day of days) {
              const date = isoDay(day);
              const encounterType = pickWeighted(rng, ENCOUNTER_MIX);
              const institution = pickInstitution(rng, person.regionCode, encounterType);
              if (!institution) continue;
              const basic = ref.basic.get(`${person.regionCode}:${enrollment.scheme}:${year}:${encounterType}:${policyLevel(encounterType, institution)}`);
              const critical = ref.critical.get(`${person.regionCode}:${enrollment.scheme}:${year}`);
              if (!basic || !critical) continue;
              const { diagnosis, medicines } = pickWeighted(rng, ref.diagnoses.map((d) => [d, d.diagnosis.weight] as const));
              const items = billItems(rng, encounterType, medicines);
              const settledAt = `${date}T${pad(rng.range(8, 19))}:${pad(rng.int(60))}:00+08:00`;
              const assistance = assistanceOn(ref, facts.recipients(person.id), person.regionCode, year, date);
              const product = productFor(ref, facts.products(person.id), person.regionCode, year);
              const consented = product !== null && facts.consents(person.id).some((c) => consentCovers(c, product.insurerCode, settledAt));
              const coverage = productCoverage(product, date, consented);
              const computation = computeSettlement({
                encounterType,
                items: items.map((i) => ({ amountFen: i.amount, itemClass: i.itemClass, specialDrug: i.specialDrug })),
                basic: basicParams(basic),
                criticalIllness: criticalParams(critical),
                assistance,
                product: coverage,
                accumulators: running,
              });
              const reversed = rng.chance(REVERSED_SHARE);
              if (!reversed) {
                running = computation.accumulatorsAfter;
                selfPaidInRange += computation.accumulatorDelta.criticalQualifying;
                openedAt ??= settledAt;
              }
              const split = splitColumns(computation);
              rows.settlements.push([
                ++settlementId, person.id, institution.id, person.regionCode, enrollment.scheme, encounterType, date, settledAt,
                encounterType === 'PHARMACY' ? null : diagnosis.code, encounterType === 'PHARMACY' ? null : diagnosis.name,
                ref.province.get(person.regionCode) !== ref.province.get(institution.regionCode), coverage.applies ? product!.id : null,
                split.totalAmount, split.policyRangeAmount, split.classBPrepaid, split.deductiblePaid, split.fundPaid, split.criticalIllnessPaid,
                split.assistancePaid, split.commercialPaid, split.selfPaid, JSON.stringify(computation), 'seed',
                reversed ? 'REVERSED' : 'SETTLED', reversed ? settledAt : null, reversed ? '患者退费（冲正）' : null,
              ]);
              for (const i of items) rows.items.push([++itemId, settlementId, i.code, i.name, i.itemClass, i.amount, i.specialDrug]);
              if (reversed) summary.reversed++;
            }
            if (openedAt) {
              rows.accumulators.push([
                person.id, year, running.deductiblePaid, running.fundPaid, running.criticalQualifying, running.criticalPaid, running.assistancePaid,
                selfPaidInRange, running.productDeductibleInUsed, running.productDeductibleOutUsed, running.productPaid, openedAt,
              ]);
            }
          }
        }
        await writing;
        writing = writeChunk(rows, lastPersonId);
      }
      await writing;
    } finally {
      // A failure in one stage must not leave another's promise rejected and unobserved.
      await Promise.allSettled([next, writing]);
    }
  };
  // On a fresh load the foreign keys are checked once at the end, not per row (as the generator does).
  if (database.kind === 'postgres' && opts.deferForeignKeys) await withForeignKeysDeferred(database, SETTLEMENT_TABLES, loadAll, progress);
  else await loadAll();

  // Later settlements without an id must not collide with the explicit ids.
  for (const table of ['settlements', 'settlement_items']) {
    await database.rows(sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), max(id)) from "${table}"`));
  }
  summary.elapsedMs = Math.round(performance.now() - t0);
  progress(`settlements done in ${summary.elapsedMs} ms: ${summary.settlements} settlements (${summary.reversed} reversed), ${summary.items} items, ${summary.accumulators} accumulator rows`);
  return summary;
}

/** The active recipient category on the date with the most generous policy (as the service picks it). */
function assistanceOn(
  ref: Reference,
  recipients: readonly Pick<typeof assistanceRecipients.$inferSelect, 'category' | 'startDate' | 'endDate'>[],
  regionCode: string,
  year: number,
  date: string,
): AssistanceParams | null {
  let best: AssistanceParams | null = null;
  for (const r of recipients) {
    if (r.startDate > date || (r.endDate !== null && r.endDate < date)) continue;
    const policy = ref.assistance.get(`${regionCode}:${year}:${r.category}`);
    const category = ASSISTANCE_CATEGORIES.find((c) => c === r.category);
    if (!policy || !category) continue;
    if (!best || policy.ratio > best.ratio || (policy.ratio === best.ratio && policy.annualCap > best.annualCap)) {
      best = { category, ratio: policy.ratio, annualCap: policy.annualCap };
    }
  }
  return best;
}

/** The person's active enrollment in a product of their region for the year, if any. */
function productFor(ref: Reference, enrolled: readonly { productId: number }[], regionCode: string, year: number) {
  for (const e of enrolled) {
    const product = ref.products.get(String(e.productId));
    if (product && product.regionCode === regionCode && product.year === year) return product;
  }
  return null;
}

/** A consent for the insurer covering SETTLEMENTS that was in force at the instant. */
function consentCovers(c: Pick<typeof consents.$inferSelect, 'insurerCode' | 'scopes' | 'grantedAt' | 'expiresAt' | 'revokedAt'>, insurerCode: string, at: string): boolean {
  const t = Date.parse(at);
  return (
    c.insurerCode === insurerCode &&
    c.scopes.includes('SETTLEMENTS') &&
    c.grantedAt.getTime() <= t &&
    c.expiresAt.getTime() > t &&
    (c.revokedAt === null || c.revokedAt.getTime() > t)
  );
}
