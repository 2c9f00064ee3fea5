/**
 * Read routing over PostgreSQL streaming replicas (DATABASE_READ_URLS). Read-only requests go
 * to a replica in turn; writes, and the reads inside them, stay on the primary. A replica that
 * stops answering its health check leaves the rotation until it answers again, and with none
 * answering every read goes to the primary.
 */
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
  healthy: boolean;
}

/** A ping slower than this counts as a failure: a replica that hangs is as bad as one that is down. */
const PING_TIMEOUT_MS = 1000;

async function answers(database: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const ping = database.ping().then(() => true, () => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function createReadRouter(primary: Database, urls: readonly string[], opts: { poolMax: number; checkMs: number; statementTimeoutMs?: number }): Promise<ReadRouter> {
  const replicas: Replica[] = [];
  for (const url of urls) {
    const database = await openDatabase({ url, poolMax: opts.poolMax, migrate: false, statementTimeoutMs: opts.statementTimeoutMs });
    replicas.push({ database, healthy: false });
  }
  let next = 0;
  let checking: Promise<void> | null = null;
  const check = () => {
    checking ??= Promise.all(replicas.map(async (r) => {
      r.healthy = await answers(r.database);
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
      await Promise.all(replicas.map((r) => r.database.close()));
    },
  };
}
