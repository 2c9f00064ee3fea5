/**
 * settlementEligibility: an insurer's check before enrolling or paying, under the person's
 * ELIGIBILITY consent only, revealing nothing but the eligibility facts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
});
afterAll(() => hub?.close());

const CHECK = `query Check($id: IdNumber!, $product: String!) {
  settlementEligibility(idNumber: $id, productCode: $product) {
    eligible basicEnrollmentActive basicInsuranceRegionMatches productEnrolled consentScopes reasons
  }
}`;

/** Nantong's 2026 product and a caller for its insurer. */
async function nantongProduct() {
  const product = await f.product('320600', 2026);
  return { product, insurer: hub.as('INSURER', { insurer: product.insurerCode }) };
}

describe('settlementEligibility', () => {
  it('answers for a consenting person, before enrollment and after', async () => {
    const { product, insurer } = await nantongProduct();
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    await f.consent(person.id, product.insurerCode, ['ELIGIBILITY']);
    const before = await insurer(CHECK, { id: person.idNumber, product: product.code });
    expect(before.errors).toBeUndefined();
    expect(before.data?.settlementEligibility).toEqual({
      eligible: true, basicEnrollmentActive: true, basicInsuranceRegionMatches: true, productEnrolled: false, consentScopes: ['ELIGIBILITY'],
      reasons: ['not enrolled in the product', 'no SETTLEMENTS consent: the product cannot pay in one-stop settlement'],
    });

    await f.enrollInProduct(person.id, product);
    await f.consent(person.id, product.insurerCode, ['SETTLEMENTS']);
    const after = await insurer(CHECK, { id: person.idNumber, product: product.code });
    expect(after.data?.settlementEligibility).toMatchObject({ eligible: true, productEnrolled: true, consentScopes: ['ELIGIBILITY', 'SETTLEMENTS'], reasons: [] });

    // The check is recorded against the person.
    const [audit] = await hub.db.database.rows<{ n: number | string }>(
      sql`select count(*) as n from audit_log where ${person.id} = any(person_ids) and 'Query.settlementEligibility' = any(fields)`,
    );
    expect(Number(audit!.n)).toBe(2);
  });

  it('is not eligible without active basic insurance or in another pooling region', async () => {
    const { product, insurer } = await nantongProduct();
    const terminated = await f.person({ region: '320600', status: 'TERMINATED' });
    const lastYearOnly = await f.person({ region: '320600', year: 2025 });
    const nanjing = await f.person({ region: '320100' });
    for (const p of [terminated, lastYearOnly, nanjing]) await f.consent(p.id, product.insurerCode, ['ELIGIBILITY']);

    const t = await insurer(CHECK, { id: terminated.idNumber, product: product.code });
    expect(t.data?.settlementEligibility).toMatchObject({ eligible: false, basicEnrollmentActive: false, basicInsuranceRegionMatches: true });
    expect(t.data?.settlementEligibility.reasons).toContain('basic medical insurance enrollment for 2026 is TERMINATED');
    const l = await insurer(CHECK, { id: lastYearOnly.idNumber, product: product.code });
    expect(l.data?.settlementEligibility).toMatchObject({ eligible: false, basicEnrollmentActive: false, basicInsuranceRegionMatches: false });
    expect(l.data?.settlementEligibility.reasons).toContain('no basic medical insurance enrollment for 2026');
    const n = await insurer(CHECK, { id: nanjing.idNumber, product: product.code });
    expect(n.data?.settlementEligibility).toMatchObject({ eligible: false, basicEnrollmentActive: true, basicInsuranceRegionMatches: false });
  });

  it('needs an active ELIGIBILITY consent, and an unknown person looks the same as a non-consenting one', async () => {
    const { product, insurer } = await nantongProduct();
    const none = await f.person({ region: '320600' });
    const settlementsOnly = await f.person({ region: '320600' });
    const revoked = await f.person({ region: '320600' });
    const expired = await f.person({ region: '320600' });
    const otherInsurer = await f.person({ region: '320600' });
    await f.consent(settlementsOnly.id, product.insurerCode, ['SETTLEMENTS', 'DIAGNOSIS']);
    await f.consent(revoked.id, product.insurerCode, ['ELIGIBILITY'], undefined, new Date(Date.now() - 60_000));
    await f.consent(expired.id, product.insurerCode, ['ELIGIBILITY'], new Date(Date.now() - 60_000));
    await f.consent(otherInsurer.id, product.insurerCode === 'CLPC' ? 'PICC' : 'CLPC', ['ELIGIBILITY']);
    // Even enrolled in the product: enrollment is not consent.
    await f.enrollInProduct(none.id, product);

    const unknown = await insurer(CHECK, { id: '11010519491231002X', product: product.code });
    expect(codes(unknown)).toEqual(['CONSENT_REQUIRED']);
    expect(unknown.data).toBeNull();
    for (const p of [none, settlementsOnly, revoked, expired, otherInsurer]) {
      const r = await insurer(CHECK, { id: p.idNumber, product: product.code });
      expect(r.data).toBeNull();
      expect(r.errors).toEqual(unknown.errors);
    }
  });

  it('reads what it decides on in one statement', async () => {
    const { product, insurer } = await nantongProduct();
    const p = await f.person({ region: '320600' });
    await f.consent(p.id, product.insurerCode, ['ELIGIBILITY', 'SETTLEMENTS']);
    await f.enrollInProduct(p.id, product);
    const check = await insurer(CHECK, { id: p.idNumber, product: product.code });
    expect(check.errors).toBeUndefined();
    expect(check.data?.settlementEligibility).toMatchObject({ productEnrolled: true, consentScopes: ['ELIGIBILITY', 'SETTLEMENTS'] });
    // The bureau's lookup of the same person: one read, and the same audit transaction.
    const lookup = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(`query($id: IdNumber!) { person(idNumber: $id) { name } }`, { id: p.idNumber });
    expect(lookup.errors).toBeUndefined();
    expect(check.statements).toBe(lookup.statements);
  });

  it('answers only for the insurer’s own products and only to insurers', async () => {
    const { product, insurer } = await nantongProduct();
    const nanjingProduct = await f.product('320100', 2026);
    const person = await f.person({ region: '320600' });
    await f.consent(person.id, product.insurerCode, ['ELIGIBILITY']);
    const foreign = await insurer(CHECK, { id: person.idNumber, product: nanjingProduct.code });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'productCode' });
    const unknown = await insurer(CHECK, { id: person.idNumber, product: 'HMB-999999-2026' });
    expect(unknown.errors).toEqual(foreign.errors);
    const malformed = await insurer(CHECK, { id: person.idNumber, product: 'no spaces allowed' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productCode' });
    for (const id of ['32060219900101123', '320602199001011230', '320602199013011235']) {
      const bad = await insurer(CHECK, { id, product: product.code });
      expect(bad.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
      expect(bad.data ?? null, id).toBeNull();
    }
    for (const caller of [hub.as('MEDICAL_SECURITY', { regions: ['320600'] }), hub.as('INSTITUTION', { institution: 'H32060200001' })]) {
      expect(codes(await caller(CHECK, { id: person.idNumber, product: product.code }))).toEqual(['FORBIDDEN']);
    }
  });

  it('has no field naming the person', async () => {
    const type = await hub.as('INSURER', { insurer: 'PICC' })(`{ __type(name: "SettlementEligibility") { fields { name } } }`);
    const names = type.data?.__type.fields.map((x: { name: string }) => x.name);
    expect(names).not.toContain('name');
    expect(names).not.toContain('idNumber');
    expect(names).not.toContain('person');
  });
});
