/**
 * The generated client against the running hub: typed documents, sent by registered hash, and
 * the printed schema matching what the code builds.
 */
import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CheckEligibilityDocument, HighCostAlertsDocument, PlanProgressDocument, PushContributionsDocument, QuoteBillDocument, RegisterRecipientsDocument,
  SettleBillDocument,
} from '../../examples/gql/graphql.js';
import { run, verifyEnrollment } from '../../examples/partner-client.js';
import { buildBareSchema } from '../../src/graphql/schema.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let url = '';

beforeAll(async () => {
  // Every partner role restricted to the registered operations: the manifest must cover each partner's example.
  hub = await startHub({ TRUSTED_DOCUMENTS_ROLES: 'TAX,CIVIL_AFFAIRS,HEALTH,INSURER,INSTITUTION' });
  url = await hub.listen();
});
afterAll(() => hub?.close());

describe('generated client', () => {
  it('verifies enrollment by registered hash, typed end to end', async () => {
    const f = fixtures(hub.db.database);
    const hospital = await f.institution();
    const person = await f.person({ scheme: 'EMPLOYEE' });
    const token = await hub.token('INSTITUTION', { institution: hospital.code });
    const result = await verifyEnrollment(url, token, person.idNumber);
    expect(result?.name).toBe(person.name);
    expect(result?.idNumber).toMatch(/^\d{6}\*{8}/);
    expect(result?.enrollments?.[0]).toEqual({ year: 2026, scheme: 'EMPLOYEE', status: 'ACTIVE' });
  });

  it("insurer: eligibility of a consenting enrollee by registered hash, and the hospital's quote adds up", async () => {
    const f = fixtures(hub.db.database);
    const product = await f.product('320600', 2026);
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    await f.enrollInProduct(person.id, product);
    await f.consent(person.id, product.insurerCode, ['ELIGIBILITY', 'SETTLEMENTS']);
    const hospital = await f.institution({ region: '320600', level: 3 });
    const token = await hub.token('INSURER', { insurer: product.insurerCode });
    const eligibility = await run(url, token, CheckEligibilityDocument, { idNumber: person.idNumber, productCode: product.code });
    expect(eligibility.data?.settlementEligibility).toMatchObject({ eligible: true, productEnrolled: true, reasons: [] });
    const institutionToken = await hub.token('INSTITUTION', { institution: hospital.code });
    const quote = await run(url, institutionToken, QuoteBillDocument, {
      input: {
        idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT', date: '2026-03-10',
        items: [{ code: '001', name: '床位费', itemClass: 'A', amount: '10000.00', specialDrug: false }],
      },
    });
    const split = quote.data!.quoteSettlement;
    const fen = (m: string | null | undefined) => Math.round(Number(m ?? '0') * 100);
    expect(fen(split.fundPaid) + fen(split.criticalIllnessPaid) + fen(split.assistancePaid) + fen(split.commercialPaid) + fen(split.selfPaid)).toBe(1_000_000);
  });

  it('tax: a contributions batch, and its re-send changes nothing', async () => {
    const f = fixtures(hub.db.database);
    const person = await f.person({ region: '320600', scheme: 'EMPLOYEE' });
    const token = await hub.token('TAX', { regions: ['320600'] });
    const input = { records: [{ idNumber: person.idNumber, period: '2026-09', payer: 'EMPLOYER' as const, amount: '812.40', paidDate: '2026-09-15' }] };
    const first = await run(url, token, PushContributionsDocument, { input });
    expect(first.data?.recordContributions).toMatchObject({ __typename: 'RecordContributionsPayload', written: 1, unchanged: 0 });
    const again = await run(url, token, PushContributionsDocument, { input });
    expect(again.data?.recordContributions).toMatchObject({ written: 0, unchanged: 1 });
  });

  it('civil affairs: registers a recipient and reads the high-cost alerts', async () => {
    const f = fixtures(hub.db.database);
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    const token = await hub.token('CIVIL_AFFAIRS', { regions: ['320600'] });
    const registered = await run(url, token, RegisterRecipientsDocument, {
      input: { records: [{ idNumber: person.idNumber, category: 'SUBSISTENCE', startDate: '2026-01-01', certifyingOffice: '南通市崇川区民政局' }] },
    });
    expect(registered.data?.registerAssistanceRecipients).toMatchObject({ __typename: 'RegisterAssistanceRecipientsPayload', created: 1 });
    const alerts = await run(url, token, HighCostAlertsDocument, { first: 10 });
    expect(alerts.errors).toBeUndefined();
    expect(Array.isArray(alerts.data?.highCostAlerts?.edges)).toBe(true);
  });

  it('institution: settles a bill, and the retry with the same key replays it', async () => {
    const f = fixtures(hub.db.database);
    const hospital = await f.institution({ region: '320600', level: 3 });
    const person = await f.person({ region: '320600', scheme: 'RESIDENT' });
    const token = await hub.token('INSTITUTION', { institution: hospital.code });
    const input = {
      idNumber: person.idNumber, institutionCode: hospital.code, encounterType: 'INPATIENT' as const, date: '2026-03-10', idempotencyKey: `contract-${person.id}`,
      items: [{ code: '001', name: '床位费', itemClass: 'A' as const, amount: '10000.00', specialDrug: false }],
    };
    const first = await run(url, token, SettleBillDocument, { input });
    const payload = first.data?.settleClaim;
    expect(payload?.__typename).toBe('SettleClaimPayload');
    const replay = await run(url, token, SettleBillDocument, { input });
    expect(replay.data?.settleClaim).toMatchObject({ replayed: true, settlement: { id: (payload as { settlement: { id: string } }).settlement.id } });
  });

  it('bureau: Nantong\'s twelve indicators with targets and a status', async () => {
    const token = await hub.token('MEDICAL_SECURITY', { regions: ['320600'] });
    const result = await run(url, token, PlanProgressDocument, { region: '320600', year: 2026 });
    expect(result.data?.indicators).toHaveLength(12);
    for (const i of result.data!.indicators) expect(['MET', 'ON_TRACK', 'OFF_TRACK', 'UNKNOWN']).toContain(i.status);
  });

  it('loads the manifest codegen wrote', () => {
    expect(hub.app.trusted.size).toBeGreaterThan(0);
  });

  it('schema/schema.graphql is what the code builds', () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(buildBareSchema())}\n`);
  });
});
