import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { drugs, enrollments, insuranceProducts, insurers, institutions, persons, regions } from '../../src/db/schema/index.js';
import { idNumberProblem } from '../../src/people/id-number.js';
import { DIAGNOSES, GENERATED_TABLES, type GeneratedSummary, type GeneratorProduct, generateData } from '../../seeds/generate.js';
import { regionSeeds } from '../../seeds/regions.js';

const PERSONS = 500;
const SEED = 4242;
const AS_OF = '2026-11-01';

const INSTITUTION_CODE = /^[HP]\d{11}$/;
const DRUG_CODE = /^X[A-Z]\d{2}[A-Z]{2}[A-Z]\d{3}[A-Z]\d{3}\d{4}\d{5}$/;
const ICD10 = /^[A-Z]\d{2}\.\d{3}$/;

/** Regions, one insurer and one 2026 product per region: what the generator's foreign keys need. */
async function setUp(database: Database): Promise<GeneratorProduct[]> {
  const { db } = database;
  await db.insert(regions).values(regionSeeds.map((r) => ({ ...r }))).onConflictDoNothing();
  await db.insert(insurers).values({ code: 'TESTINS', name: '测试保险股份有限公司' });
  const rows = await db
    .insert(insuranceProducts)
    .values(
      regionSeeds.map((r) => ({
        code: `TEST-${r.code}-2026`,
        insurerCode: 'TESTINS',
        name: `${r.name}惠民保（测试）2026`,
        regionCode: r.code,
        year: 2026,
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        premium: 9900,
        deductibleIn: 2_000_000,
        deductibleOut: 2_000_000,
        ratioIn: 0.7,
        ratioOut: 0.6,
        ratioSpecialDrug: 0.6,
        annualCap: 200_000_000,
        coveredEncounterTypes: ['INPATIENT', 'CHRONIC_OUTPATIENT'],
        status: 'ACTIVE',
        isDefault: true,
      })),
    )
    .returning({ id: insuranceProducts.id, regionCode: insuranceProducts.regionCode, year: insuranceProducts.year });
  return rows.map((r) => ({ ...r, insurerCode: 'TESTINS' }));
}

const count = async (database: Database, query: string): Promise<number> => {
  const [row] = await database.rows<{ n: number | string }>(sql.raw(query));
  return Number(row?.n ?? 0);
};

describe('seed data generator', () => {
  let a: Database;
  let b: Database;
  let summary: GeneratedSummary;

  beforeAll(async () => {
    [a, b] = await Promise.all([openDatabase({ dataDir: null }), openDatabase({ dataDir: null })]);
    const [productsA, productsB] = [await setUp(a), await setUp(b)];
    summary = await generateData(a, { persons: PERSONS, seed: SEED, asOf: AS_OF, products: productsA });
    // A different chunk size must not change a single row.
    await generateData(b, { persons: PERSONS, seed: SEED, asOf: AS_OF, products: productsB, chunkSize: 77 });
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('is deterministic: the same seed and size give identical rows', async () => {
    for (const table of GENERATED_TABLES) {
      const query = sql.raw(`select * from "${table}" order by id`);
      const [rowsA, rowsB] = await Promise.all([a.rows(query), b.rows(query)]);
      expect(rowsA.length, table).toBe(summary.counts[table]);
      expect(JSON.stringify(rowsB), table).toBe(JSON.stringify(rowsA));
    }
  });

  it('reports the row counts it loaded', async () => {
    expect(summary.counts.persons).toBe(PERSONS);
    expect(Object.values(summary.personsByRegion).reduce((x, y) => x + y, 0)).toBe(PERSONS);
    for (const table of GENERATED_TABLES) expect(await count(a, `select count(*) as n from "${table}"`), table).toBe(summary.counts[table]);
    expect(summary.elapsedMs).toBeGreaterThan(0);
  });

  it('gives every person a valid, unique GB 11643 ID number', async () => {
    const rows = await a.db.select({ idNumber: persons.idNumber, gender: persons.gender, birthDate: persons.birthDate, name: persons.name }).from(persons);
    const today = new Date(`${AS_OF}T00:00:00Z`);
    for (const p of rows) {
      expect(idNumberProblem(p.idNumber, today), p.idNumber).toBeNull();
      expect(p.idNumber.slice(6, 14)).toBe(p.birthDate.replaceAll('-', ''));
      expect(Number(p.idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE').toBe(p.gender);
      expect(p.birthDate >= '1930-01-01' && p.birthDate <= '2025-12-31').toBe(true);
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    }
    expect(new Set(rows.map((p) => p.idNumber)).size).toBe(rows.length);
    const withPhone = await count(a, `select count(*) as n from persons where phone is not null`);
    expect(withPhone / PERSONS).toBeGreaterThan(0.72);
    expect(withPhone / PERSONS).toBeLessThan(0.88);
  });

  it('codes institutions H/P + county + 5 digits, in their region, at the documented density or minimum', async () => {
    const rows = await a.db.select().from(institutions);
    for (const inst of rows) {
      expect(inst.code).toMatch(INSTITUTION_CODE);
      expect(inst.code[0]).toBe(inst.kind === 'PHARMACY' ? 'P' : 'H');
      expect(inst.code.slice(1, 5)).toBe(inst.regionCode.slice(0, 4));
      expect(inst.level === null).toBe(inst.kind === 'PHARMACY');
      expect(inst.creditScore).toBeGreaterThanOrEqual(60);
      expect(inst.creditScore).toBeLessThanOrEqual(100);
      if (inst.paymentMethod !== 'FEE_FOR_SERVICE') expect(inst.kind === 'HOSPITAL' && (inst.level ?? 0) >= 2).toBe(true);
    }
    for (const r of regionSeeds) {
      const mine = rows.filter((i) => i.regionCode === r.code);
      expect(mine.filter((i) => i.kind === 'PHARMACY').length).toBe(20);
      expect(mine.filter((i) => i.kind !== 'PHARMACY').length).toBe(20);
      expect(mine.some((i) => i.kind === 'HOSPITAL' && i.level === 3)).toBe(true);
    }
    expect(rows.filter((i) => i.agreementStatus === 'ACTIVE').length / rows.length).toBeGreaterThan(0.85);
    const payment = new Set(rows.filter((i) => i.regionCode === '320100').map((i) => i.paymentMethod));
    expect(payment).toEqual(new Set(['DRG', 'FEE_FOR_SERVICE']));
  });

  it('builds a ~600-row drug catalogue with national X codes and a mix of classes and flags', async () => {
    const rows = await a.db.select().from(drugs);
    expect(rows.length).toBe(600);
    for (const d of rows) {
      expect(d.code).toMatch(DRUG_CODE);
      expect(d.unitPrice).toBeGreaterThan(0);
      expect(Number.isInteger(d.unitPrice)).toBe(true);
    }
    for (const cls of ['A', 'B', 'C']) expect(rows.some((d) => d.itemClass === cls), cls).toBe(true);
    for (const flag of ['dualChannel', 'negotiated', 'volumeProcurement', 'specialDrug'] as const) expect(rows.some((d) => d[flag]), flag).toBe(true);
  });

  it('uses ICD-10 医保版 codes for diagnoses and keeps prescriptions consistent', async () => {
    for (const d of DIAGNOSES) expect(d.code).toMatch(ICD10);
    const rx = await a.rows<{ id: number; diagnosis_code: string; status: string; region_code: string; issuer_region: string; issuer_kind: string; dispenser_region: string | null; dispenser_kind: string | null; dispenser_id: number | null; pickup_code_hash: string }>(
      sql`select p.id, p.diagnosis_code, p.status, p.region_code, p.dispenser_id, p.pickup_code_hash, i.region_code as issuer_region, i.kind as issuer_kind,
            d.region_code as dispenser_region, d.kind as dispenser_kind
          from prescriptions p join institutions i on i.id = p.issuer_id left join institutions d on d.id = p.dispenser_id`,
    );
    expect(rx.length).toBeGreaterThan(0);
    for (const p of rx) {
      expect(p.diagnosis_code).toMatch(ICD10);
      expect(p.issuer_region).toBe(p.region_code);
      expect(p.issuer_kind).not.toBe('PHARMACY');
      expect(p.pickup_code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(p.dispenser_id !== null).toBe(p.status === 'DISPENSED');
      if (p.dispenser_id !== null) {
        expect(p.dispenser_kind).toBe('PHARMACY');
        expect(p.dispenser_region).toBe(p.region_code);
      }
    }
    expect(await count(a, `select count(*) as n from prescription_items where amount <> quantity * unit_price`)).toBe(0);
    expect(await count(a, `select count(*) as n from prescriptions p where not exists (select 1 from prescription_items i where i.prescription_id = p.id)`)).toBe(0);
    // Each prescription: an ISSUED event, plus one terminal event matching its status unless still ISSUED.
    expect(await count(a, `select count(*) as n from prescriptions p where (select count(*) from prescription_events e where e.prescription_id = p.id and e.status = 'ISSUED') <> 1`)).toBe(0);
    expect(await count(a, `select count(*) as n from prescriptions p where p.status <> 'ISSUED' and not exists (select 1 from prescription_events e where e.prescription_id = p.id and e.status = p.status)`)).toBe(0);
    const sampled = await count(a, `select count(distinct person_id) as n from prescriptions`);
    expect(sampled / PERSONS).toBeGreaterThan(0.02);
    expect(sampled / PERSONS).toBeLessThan(0.09);
  });

  it('follows the documented proportions', async () => {
    // Persons spread by insured population (南京 797.35, 南通 728.7, 荆州 543.93, 莆田 310 万).
    expect(summary.personsByRegion['320100']! / PERSONS).toBeCloseTo(797.35 / 2379.98, 2);
    expect(summary.personsByRegion['320600']! / PERSONS).toBeCloseTo(728.7 / 2379.98, 2);
    // Two enrollments per person (2025, 2026), mostly active: 参保率 98–99%.
    expect(await count(a, `select count(*) as n from enrollments`)).toBe(2 * PERSONS);
    const active = await count(a, `select count(*) as n from enrollments where year = 2026 and status = 'ACTIVE'`);
    expect(active / PERSONS).toBeGreaterThan(0.96);
    expect(active / PERSONS).toBeLessThan(1);
    // 职工 share of enrolled persons: 南通 32.8% (000), 南京 60.7% (001).
    const share = async (region: string) => {
      const rows = await a.db.select({ scheme: enrollments.scheme }).from(enrollments).where(sql`${enrollments.regionCode} = ${region} and ${enrollments.year} = 2026 and ${enrollments.status} = 'ACTIVE'`);
      return rows.filter((r) => r.scheme === 'EMPLOYEE').length / rows.length;
    };
    expect(Math.abs((await share('320600')) - 0.328)).toBeLessThan(0.08);
    expect(Math.abs((await share('320100')) - 0.607)).toBeLessThan(0.08);
    // Employees have a contribution base unless retired; residents never.
    expect(await count(a, `select count(*) as n from enrollments where scheme = 'RESIDENT' and contribution_base is not null`)).toBe(0);
    expect(await count(a, `select count(*) as n from enrollments where scheme = 'EMPLOYEE' and contribution_base is not null`)).toBeGreaterThan(0);
    // Subsidized enrollments are exactly those of assistance recipients in the resident scheme, with a subsidy.
    expect(await count(a, `select count(*) as n from enrollments e where e.subsidized and not exists (select 1 from assistance_recipients r where r.person_id = e.person_id)`)).toBe(0);
    expect(await count(a, `select count(*) as n from enrollments where subsidized and (subsidy_amount is null or subsidy_amount <= 0 or scheme <> 'RESIDENT')`)).toBe(0);
    expect(await count(a, `select count(*) as n from assistance_recipients where certifying_office !~ '(民政局|农业农村局)$'`)).toBe(0);
    const recipients = await count(a, `select count(*) as n from assistance_recipients`);
    expect(recipients / PERSONS).toBeGreaterThan(0.005);
    expect(recipients / PERSONS).toBeLessThan(0.07);
    // Contributions: yearly periods; government subsidies only for subsidized enrollments.
    expect(await count(a, `select count(*) as n from contributions where period !~ '^\\d{4}$' or amount <= 0`)).toBe(0);
    expect(await count(a, `select count(*) as n from contributions c where payer = 'GOVERNMENT_SUBSIDY' and not exists (select 1 from enrollments e where e.person_id = c.person_id and e.year::text = c.period and e.subsidized)`)).toBe(0);
    expect(await count(a, `select count(*) as n from contributions c join enrollments e on e.person_id = c.person_id and e.year::text = c.period where c.payer = 'EMPLOYER' and e.scheme <> 'EMPLOYEE'`)).toBe(0);
    // 惠民保: ~20% enroll in their region's product, most with an active consent for its insurer.
    const enrolled = await count(a, `select count(*) as n from product_enrollments`);
    expect(enrolled / PERSONS).toBeGreaterThan(0.12);
    expect(enrolled / PERSONS).toBeLessThan(0.28);
    expect(await count(a, `select count(*) as n from product_enrollments pe join persons p on p.id = pe.person_id join insurance_products ip on ip.id = pe.product_id where ip.region_code <> p.region_code`)).toBe(0);
    const consented = await count(a, `select count(*) as n from consents where revoked_at is null and expires_at > '${AS_OF}' and 'ELIGIBILITY' = any(scopes) and 'SETTLEMENTS' = any(scopes)`);
    expect(consented / enrolled).toBeGreaterThan(0.5);
    expect(consented / enrolled).toBeLessThan(0.85);
    expect(await count(a, `select count(*) as n from consents c where not exists (select 1 from product_enrollments pe where pe.person_id = c.person_id and pe.insurer_code = c.insurer_code)`)).toBe(0);
  });

  it('advances the identity sequences past the explicit ids', async () => {
    const [p] = await a.db.insert(persons).values({ idNumber: '110101199003074514', name: '测试', gender: 'MALE', birthDate: '1990-03-07', regionCode: '320100' }).returning({ id: persons.id });
    expect(p!.id).toBe(PERSONS + 1);
    const [i] = await a.db
      .insert(institutions)
      .values({ code: 'H32010299999', name: '测试医院', kind: 'HOSPITAL', level: 2, ownership: 'PUBLIC', regionCode: '320100', agreementStatus: 'ACTIVE', paymentMethod: 'DRG', crossProvinceLinked: false, creditScore: 90 })
      .returning({ id: institutions.id });
    expect(i!.id).toBe(summary.counts.institutions + 1);
    const [e] = await a.db.insert(enrollments).values({ personId: p!.id, regionCode: '320100', year: 2026, scheme: 'RESIDENT', status: 'ACTIVE', startDate: '2026-01-01' }).returning({ id: enrollments.id });
    expect(e!.id).toBe(summary.counts.enrollments + 1);
    for (const table of GENERATED_TABLES) {
      const [row] = await a.rows<{ last: number | string; max: number | string }>(
        sql.raw(`select (select last_value from ${'"' + table + '_id_seq"'}) as last, (select coalesce(max(id), 0) from "${table}") as max`),
      );
      expect(Number(row!.last), table).toBe(Number(row!.max));
    }
  });
});
