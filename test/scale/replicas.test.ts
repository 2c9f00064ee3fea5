/**
 * Read replicas: with DATABASE_READ_URLS naming a real streaming replica of the test server,
 * read-only requests are served there, writes and the reads inside them by the primary, and
 * while the replica is down the primary serves everything.
 *
 * The replica is a `pg_basebackup -R` copy of the server DATABASE_URL names, so this runs on
 * PostgreSQL only; on embedded PGlite there is nothing to replicate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/db.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { createHubApp } from '../../src/server/app.js';
import { codes, runner, startHub, type TestHub } from '../helpers/hub.js';
import { startReplica, type Replica } from '../helpers/replica.js';

let hub: TestHub;
let replica: Replica;
let f: Fixtures;
const s = {} as Record<string, any>;

const FIND = `query Find($id: IdNumber!) { person(idNumber: $id) { name } }`;
const RECORD = `mutation Record($input: RecordContributionsInput!) { recordContributions(input: $input) {
  ... on RecordContributionsPayload { written rejected }
} }`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)('read replicas', () => {
  beforeAll(async () => {
    replica = await startReplica(process.env.DATABASE_URL!);
    // This hub tolerates any lag, so a paused replica stays in its rotation; the lag test below uses another.
    hub = await startHub({ DATABASE_READ_CHECK_MS: '200', DATABASE_READ_MAX_LAG_SECONDS: '3600' }, {
      envFor: (db) => ({ DATABASE_READ_URLS: replica.urlFor(new URL(db.url!).pathname.slice(1)) }),
    });
    f = fixtures(hub.db.database);
    // The test database was created after the base backup: wait until the replica has it too.
    await until('the replica to serve the test database', async () => {
      await hub.app.hub.reads.check();
      return hub.app.hub.reads.replicas()[0]?.healthy || undefined;
    });
  }, 180_000);
  afterAll(async () => {
    await hub?.close();
    await replica?.destroy();
  });

  const ms = () => hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
  const tax = () => hub.as('TAX', { regions: ['320600'] });

  it('serves reads from the replica, and writes with the reads inside them from the primary', async () => {
    const early = await f.person();
    await replica.caughtUp();
    expect((await ms()(FIND, { id: early.idNumber })).data?.person).toEqual({ name: early.name });

    // With replay paused, a row the primary has and the replica does not tells them apart.
    await replica.pauseReplay();
    const late = await f.person();
    const read = await ms()(FIND, { id: late.idNumber });
    expect(read.data?.person).toBeNull();
    expect(codes(read)).toEqual(['NOT_FOUND']);

    const write = await tax()(RECORD, { input: { records: [{ idNumber: late.idNumber, period: '2026', payer: 'INDIVIDUAL', amount: '400.00', paidDate: '2026-01-15' }] } });
    expect(write.errors).toBeUndefined();
    expect(write.data?.recordContributions).toEqual({ written: 1, rejected: 0 });

    // Insurers' reads depend on consent, which must hold from the next request: primary.
    const product = await f.product();
    await f.enrollInProduct(late.id, product);
    await f.consent(late.id, product.insurerCode, ['ELIGIBILITY']);
    const insurer = await hub.as('INSURER', { insurer: product.insurerCode })(FIND, { id: late.idNumber });
    expect(insurer.data?.person).toEqual({ name: late.name });

    const metrics = await (await fetch((await hub.listen()).replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/yibao_db_replica_up\{replica="0"\} 1/);
    s.late = late;
  });

  it('takes a replica that lags more than DATABASE_READ_MAX_LAG_SECONDS out of the rotation', async () => {
    // Replay is still paused from the test above, with a write waiting: the replica lags and keeps lagging.
    const strict = await createHubApp({ ...hub.config, DATABASE_READ_MAX_LAG_SECONDS: 1 }, hub.db.database);
    try {
      await until('the lagging replica to leave the rotation', async () => {
        await strict.hub.reads.check();
        return strict.hub.reads.replicas()[0]?.healthy === false || undefined;
      });
      const bearer = `Bearer ${await hub.token('MEDICAL_SECURITY', { regions: ['320600'] })}`;
      const fresh = await runner(strict)(bearer)(FIND, { id: s.late.idNumber });
      expect(fresh.data?.person).toEqual({ name: s.late.name });
      // The tolerant hub still reads the paused replica.
      expect(codes(await ms()(FIND, { id: s.late.idNumber }))).toEqual(['NOT_FOUND']);
    } finally {
      await strict.stop();
    }
  });

  it('falls back to the primary while the replica is down, and stays ready', async () => {
    await replica.stop();
    const served = await until('the primary to answer reads', async () => {
      const r = await ms()(FIND, { id: s.late.idNumber });
      return r.data?.person ?? undefined;
    });
    expect(served).toEqual({ name: s.late.name });
    expect(hub.app.hub.reads.replicas()).toEqual([{ index: 0, healthy: false }]);
    for (let i = 0; i < 5; i++) expect((await ms()(FIND, { id: s.late.idNumber })).errors).toBeUndefined();
    const ready = await hub.app.readiness();
    expect(ready).toMatchObject({ ready: true, replicas: [{ index: 0, healthy: false }] });
  });
});
