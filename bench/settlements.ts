/**
 * Settlement throughput through the whole hub (token, policy, service, engine, write + audit):
 *
 *   npx tsx bench/settlements.ts                      embedded PGlite, in memory
 *   DATABASE_URL=postgres://… npx tsx bench/settlements.ts
 *                                                     a scratch database on that server, dropped after
 *
 * Prints settlements per second for one person settled one bill after another, for one person
 * with concurrent bills (they serialize on the person's accumulators row), and for many persons
 * at once, with latency and this process's CPU per bill (the hub's own cost on PostgreSQL; hub and
 * database together on PGlite, which runs in process). Options: BENCH_BILLS (default 300),
 * BENCH_CONCURRENCY (default 16).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { signToken } from '../src/auth/token.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { enrollments, institutions, persons } from '../src/db/schema/index.js';
import { makeIdNumber } from '../src/people/id-number.js';
import { createHubApp, type HubApp } from '../src/server/app.js';
import { loadReferenceData } from '../seeds/load.js';
import { quantile } from './load.js';

const BILLS = Number(process.env.BENCH_BILLS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SETTLE = `mutation Settle($input: SettleClaimInput!) {
  settleClaim(input: $input) { __typename ... on SettleClaimPayload { settlement { id fundPaid } } ... on UserError { code message } }
}`;

/** A scratch database: a fresh one on the PostgreSQL server named by DATABASE_URL, else PGlite in memory. */
async function scratchDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: null });
    return { database, drop: () => database.close() };
  }
  const name = `yibao_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  const database = await openDatabase({ url: scratch.toString(), poolMax: CONCURRENCY + 4 });
  return {
    database,
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A level-3 Nantong hospital and `count` Nantong residents insured in 2026. */
async function population(database: Database, count: number) {
  const { db } = database;
  const [hospital] = await db
    .insert(institutions)
    .values({
      code: 'H32060299001', name: '基准测试医院', kind: 'HOSPITAL', level: 3, ownership: 'PUBLIC', regionCode: '320600', agreementStatus: 'ACTIVE',
      paymentMethod: 'DRG', crossProvinceLinked: true, creditScore: 90,
    })
    .returning();
  const people = await db
    .insert(persons)
    .values(
      Array.from({ length: count }, (_, i) => ({
        idNumber: makeIdNumber('320602', `1980-01-${String(1 + (i % 28)).padStart(2, '0')}`, 2 * Math.floor(i / 28) + (i % 2), i % 2 ? 'MALE' : 'FEMALE'),
        name: `基准${i}`, gender: i % 2 ? 'MALE' : 'FEMALE', birthDate: `1980-01-${String(1 + (i % 28)).padStart(2, '0')}`, regionCode: '320600',
      })),
    )
    .returning({ id: persons.id, idNumber: persons.idNumber });
  await db
    .insert(enrollments)
    .values(people.map((p) => ({ personId: p.id, regionCode: '320600', year: 2026, scheme: 'RESIDENT', status: 'ACTIVE', startDate: '2026-01-01' })));
  return { hospital: hospital!, people };
}

function billFor(idNumber: string, institutionCode: string, n: number) {
  return {
    idempotencyKey: `bench-${randomUUID()}`,
    idNumber,
    institutionCode,
    encounterType: 'OUTPATIENT',
    date: `2026-${String(1 + (n % 9)).padStart(2, '0')}-15`,
    items: [
      { code: '001102000010000', name: '普通门诊诊查费', itemClass: 'A', amount: '25.00' },
      { code: 'XA10BAA001A001010112345', name: '二甲双胍片', itemClass: 'B', amount: `${100 + (n % 50)}.00` },
    ],
  };
}

async function settleOnce(app: HubApp, authorization: string, input: ReturnType<typeof billFor>): Promise<number> {
  const started = performance.now();
  const context = await app.contextFor({ authorization });
  const response = await app.apollo.executeOperation({ query: SETTLE, variables: { input } }, { contextValue: context });
  const body = response.body.kind === 'single' ? response.body.singleResult : null;
  const result = (body?.data as { settleClaim?: { __typename: string } } | null)?.settleClaim;
  if (result?.__typename !== 'SettleClaimPayload') throw new Error(`settleClaim failed: ${JSON.stringify(body?.errors ?? result)}`);
  return performance.now() - started;
}

/** Runs `bills` settlements with at most `concurrency` in flight; returns throughput and latency. */
async function measure(label: string, bills: (() => Promise<number>)[], concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bills.length) latencies.push(await bills[next++]!());
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuMsPerBill = (used.user + used.system) / 1000 / bills.length;
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => quantile(sorted, q).toFixed(1);
  console.log(
    `${label.padEnd(46)} ${String(bills.length).padStart(5)} bills  ${(bills.length / seconds).toFixed(1).padStart(7)} /s   ` +
      `p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   process CPU ${cpuMsPerBill.toFixed(2)} ms/bill`,
  );
}

const scratch = await scratchDatabase();
try {
  const { database } = scratch;
  await loadReferenceData(database);
  const { hospital, people } = await population(database, BILLS + 1);
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-01', AUDIT_SIGNING_KEY: 'bench-audit-key-bench-audit-key-000001',
  } as NodeJS.ProcessEnv);
  const app = await createHubApp(config, database);
  const authorization = `Bearer ${await signToken(config, { role: 'INSTITUTION', institution: hospital.code })}`;
  const one = people[0]!;
  const bill = (idNumber: string, n: number) => () => settleOnce(app, authorization, billFor(idNumber, hospital.code, n));

  console.log(`settlement throughput on ${database.kind}, ${CONCURRENCY} in flight where concurrent`);
  await measure('warm-up', Array.from({ length: 20 }, (_, n) => bill(one.idNumber, n)), 1);
  await measure('one person, sequential', Array.from({ length: BILLS }, (_, n) => bill(one.idNumber, n)), 1);
  await measure('one person, concurrent (serialized on its row)', Array.from({ length: BILLS }, (_, n) => bill(one.idNumber, n)), CONCURRENCY);
  await measure('many persons, sequential', people.slice(1).map((p, n) => bill(p.idNumber, n)), 1);
  await measure('many persons, concurrent', people.slice(1).map((p, n) => bill(p.idNumber, n + 1)), CONCURRENCY);
  await app.stop();
} finally {
  await scratch.drop();
}
