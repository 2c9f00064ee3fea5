/**
 * What the requests are made of: real ID numbers, product and institution codes picked from the
 * seeded database.
 */
import type postgres from 'postgres';
import { DEFAULT_AS_OF } from '../seeds/generate.js';

export interface Fixtures {
  region: string;
  asOf: string;
  eligibility: { insurer: string; productCode: string; idNumbers: string[] };
  /** (c): persons of the region, those with settlements first. */
  personIdNumbers: string[];
  /** (e): persons of the region whose keys the contribution batches cycle through. */
  contributionIdNumbers: string[];
  settle: { institutionCode: string; billDate: string; idNumbers: string[] };
  institutionsInRegion: number;
}

const POOL = 20_000;

/** The day before the seed's as-of date: inside its enrollment year and never in the future. */
function billDateFor(asOf: string): string {
  const d = new Date(`${asOf}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Picks the rows the requests use. The region is Nantong (南通, 320600), the documents' main
 * city. (a) uses the insurer product with the most consenting enrollees; (f) a level-2+
 * hospital of the region and persons actively enrolled on the bill date.
 */
export async function pickFixtures(sql: postgres.Sql, region = '320600'): Promise<Fixtures> {
  const asOf = DEFAULT_AS_OF;
  const billDate = billDateFor(asOf);
  const year = Number(billDate.slice(0, 4));

  const [best] = await sql<{ insurer: string; code: string }[]>`
    select ip.insurer_code as insurer, ip.code
    from product_enrollments pe
    join insurance_products ip on ip.id = pe.product_id
    join consents c on c.person_id = pe.person_id and c.insurer_code = pe.insurer_code
      and c.revoked_at is null and c.expires_at > now() and c.scopes @> array['ELIGIBILITY']::text[]
    where pe.status = 'ACTIVE' and ip.region_code = ${region} and ip.year = ${year}
    group by 1, 2 order by count(*) desc limit 1`;
  if (!best) throw new Error(`no consenting product enrollees in ${region}: is the database seeded?`);
  const eligibility = await sql<{ id_number: string }[]>`
    select p.id_number from persons p
    join product_enrollments pe on pe.person_id = p.id and pe.status = 'ACTIVE'
    join insurance_products ip on ip.id = pe.product_id and ip.code = ${best.code}
    where exists (select 1 from consents c where c.person_id = p.id and c.insurer_code = ${best.insurer}
      and c.revoked_at is null and c.expires_at > now() and c.scopes @> array['ELIGIBILITY']::text[])
    order by md5(p.id::text) limit ${POOL}`;

  const persons = await sql<{ id_number: string }[]>`
    select id_number from persons p where region_code = ${region}
    order by exists (select 1 from settlements s where s.person_id = p.id) desc, md5(p.id::text) limit ${POOL}`;
  const contributors = await sql<{ id_number: string }[]>`
    select id_number from persons where region_code = ${region} order by id`;

  const [hospital] = await sql<{ code: string }[]>`
    select code from institutions where region_code = ${region} and kind = 'HOSPITAL' and agreement_status = 'ACTIVE' and level >= 2
    order by level, id limit 1`;
  if (!hospital) throw new Error(`no active level-2+ hospital in ${region}`);
  const insured = await sql<{ id_number: string }[]>`
    select p.id_number from persons p
    join enrollments e on e.person_id = p.id and e.year = ${year} and e.status = 'ACTIVE'
      and e.start_date <= ${billDate}::date and (e.end_date is null or e.end_date >= ${billDate}::date)
    where p.region_code = ${region}
    order by md5(p.id::text) limit ${POOL}`;
  const [counted] = await sql<{ n: number }[]>`select count(*)::int as n from institutions where region_code = ${region}`;

  return {
    region,
    asOf,
    eligibility: { insurer: best.insurer, productCode: best.code, idNumbers: eligibility.map((r) => r.id_number) },
    personIdNumbers: persons.map((r) => r.id_number),
    contributionIdNumbers: contributors.map((r) => r.id_number),
    settle: { institutionCode: hospital.code, billDate, idNumbers: insured.map((r) => r.id_number) },
    institutionsInRegion: counted?.n ?? 0,
  };
}
