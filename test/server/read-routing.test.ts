/**
 * Which requests may read from a replica: queries, except insurers' (their reach depends on
 * consent, which must hold from the next request); never a mutation or the reads inside it.
 * Runs on any database: the router is asked for a replica exactly when a request may use one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadRouter } from '../../src/db/replicas.js';
import { readsFromReplica } from '../../src/server/read-routing.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let picks = 0;

beforeAll(async () => {
  hub = await startHub();
  const router = hub.app.hub.reads;
  const counting: ReadRouter = { ...router, pick: () => (picks++, router.pick()) };
  hub.app.hub.reads = counting;
});
afterAll(() => hub?.close());

describe('read routing', () => {
  it('sends queries to a replica, mutations and insurers to the primary', () => {
    const principal = (role: string) => ({ role }) as never;
    expect(readsFromReplica('query' as never, principal('MEDICAL_SECURITY'))).toBe(true);
    expect(readsFromReplica('query' as never, null)).toBe(true);
    expect(readsFromReplica('query' as never, principal('INSURER'))).toBe(false);
    expect(readsFromReplica('mutation' as never, principal('MEDICAL_SECURITY'))).toBe(false);
  });

  it('asks the router once per routed request, and never for a write or an insurer', async () => {
    const f = fixtures(hub.db.database);
    const person = await f.person();
    const product = await f.product();
    const count = async (run: () => Promise<{ errors?: unknown }>) => {
      picks = 0;
      const r = await run();
      expect(r.errors).toBeUndefined();
      return picks;
    };
    const find = `query($id: IdNumber!) { person(idNumber: $id) { name } }`;
    expect(await count(() => hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(find, { id: person.idNumber }))).toBe(1);
    expect(await count(() => hub.anonymous()('{ regions { code } }'))).toBe(1);
    expect(await count(() => hub.as('INSURER', { insurer: product.insurerCode })('{ insuranceProducts { code } }'))).toBe(0);
    expect(await count(() => hub.as('TAX', { regions: ['320600'] })(
      `mutation($input: RecordContributionsInput!) { recordContributions(input: $input) { __typename } }`,
      { input: { records: [{ idNumber: person.idNumber, period: '2026', payer: 'INDIVIDUAL', amount: '400.00', paidDate: '2026-01-15' }] } },
    ))).toBe(0);
  });
});
