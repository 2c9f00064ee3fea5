/**
 * Read routing over PostgreSQL streaming replicas (DATABASE_READ_URLS). Read-only requests go
 * to a replica in turn; writes, and the reads inside them, stay on the primary. A replica is in
 * the rotation only while its health check passes: it answers, it is a standby that is streaming
 * from the primary, and it has replayed what it received within DATABASE_READ_MAX_LAG_SECONDS.
 * With no replica in the rotation every read goes to the primary.
 */
import postgres from 'postgres';
import { openDatabase, type Database } from './client.js';

export interface ReplicaState {
  /** Position in DATABASE_READ_URLS; URLs carry credentials and are never reported. */
  index: number;
  healthy: boolean;
}

export interface ReadRouter {
  /** The database for a read-only request: the next healthy replica, else the primary. */
  pick(): Database;
  replicas(): ReplicaState[];
  /** Checks every replica now (the timer also does, every `checkMs`). */
  check(): Promise<void>;
  close(): Promise<void>;
}

interface Replica {
  database: Database;
  /** Its own connection, so a busy request pool cannot make a healthy replica look dead. */
  probe: postgres.Sql;
  healthy: boolean;
}

/** A check slower than this counts as a failure: a replica that hangs is as bad as one that is down. */
const CHECK_TIMEOUT_MS = 1000;

/**
 * Whether a replica may serve reads. Its lag is 0 when it has replayed all it received (an idle
 * primary sends nothing, which is not lag), else the age of the last commit it replayed.
 */
async function healthy(probe: postgres.Sql, maxLagSeconds: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  const check = probe<{ standby: boolean; streaming: boolean; lag: number | null }[]>`
    select pg_is_in_recovery() as standby,
      exists (select 1 from pg_stat_wal_receiver where status = 'streaming') as streaming,
      case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
        else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`
    .then(([r]) => !!r && r.standby && r.streaming && r.lag !== null && r.lag <= maxLagSeconds, () => false);
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadRouterOptions {
  poolMax: number;
  checkMs: number;
  maxLagSeconds: number;
  statementTimeoutMs?: number;
}

export async function createReadRouter(primary: Database, urls: readonly string[], opts: ReadRouterOptions): Promise<ReadRouter> {
  const replicas: Replica[] = [];
  for (const url of urls) {
    const database = await openDatabase({ url, poolMax: opts.poolMax, migrate: false, statementTimeoutMs: opts.statementTimeoutMs });
    const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2, idle_timeout: 60 });
    replicas.push({ database, probe, healthy: false });
  }
  let next = 0;
  let checking: Promise<void> | null = null;
  const check = () => {
    checking ??= Promise.all(replicas.map(async (r) => {
      r.healthy = await healthy(r.probe, opts.maxLagSeconds);
    })).then(() => {
      checking = null;
    });
    return checking;
  };
  await check();
  const timer = replicas.length ? setInterval(() => void check(), opts.checkMs) : null;
  timer?.unref();

  return {
    pick() {
      for (let tried = 0; tried < replicas.length; tried++) {
        const replica = replicas[next++ % replicas.length]!;
        if (replica.healthy) return replica.database;
      }
      return primary;
    },
    replicas: () => replicas.map((r, index) => ({ index, healthy: r.healthy })),
    check,
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all(replicas.flatMap((r) => [r.database.close(), r.probe.end({ timeout: 1 })]));
    },
  };
}
