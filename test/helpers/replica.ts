/**
 * A real streaming replica of the PostgreSQL server the tests run on: `pg_basebackup -R` into a
 * temporary directory, started with `pg_ctl` on a free port. The server refuses to run as root,
 * so when the tests do, the replica's files and processes belong to the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { accessSync, appendFileSync, chownSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

export interface Replica {
  /** The replica's URL for a database of the primary. */
  urlFor(database: string): string;
  pauseReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/** Settings a hot standby must hold at least as high as its primary, or it will not start. */
const AT_LEAST_PRIMARY = ['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const HBA_RULE = '\n# streaming replica of the replica tests (removed when the test ends)\nhost replication all 127.0.0.1/32 trust\n';

/**
 * Lets replication connections in from 127.0.0.1 when the server's pg_hba.conf has no such rule,
 * and returns how to take the rule out again; null when the server allowed them already.
 */
async function allowReplication(admin: postgres.Sql, url: string): Promise<(() => Promise<void>) | null> {
  const [{ n }] = await admin<[{ n: number }]>`
    select count(*)::int as n from pg_hba_file_rules
    where 'replication' = any(database) and (type = 'local' or address in ('127.0.0.1', 'all') or address is null)`;
  if (n > 0) return null;
  const [{ hba_file: file }] = await admin<[{ hba_file: string }]>`show hba_file`;
  try {
    accessSync(file, constants.W_OK);
  } catch {
    throw new Error(`PostgreSQL accepts no replication connections: add "host replication all 127.0.0.1/32 trust" to ${file} and reload`);
  }
  appendFileSync(file, HBA_RULE);
  await admin`select pg_reload_conf()`;
  return async () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace(HBA_RULE, ''));
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql`select pg_reload_conf()`;
    } finally {
      await sql.end();
    }
  };
}

export async function startReplica(primaryUrl: string): Promise<Replica> {
  const primary = new URL(primaryUrl);
  const admin = postgres(primaryUrl, { max: 1, onnotice: () => {} });
  try {
    const disallow = await allowReplication(admin, primaryUrl);
    const [{ v }] = await admin<[{ v: string }]>`select current_setting('server_version_num') as v`;
    const bin = process.env.PG_BINDIR ?? `/usr/lib/postgresql/${Math.floor(Number(v) / 10000)}/bin`;
    const settings = await admin<{ name: string; setting: string }[]>`select name, setting from pg_settings where name in ${admin(AT_LEAST_PRIMARY)}`;

    const asRoot = process.getuid?.() === 0;
    const owner = asRoot ? { uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) } : null;
    const as = (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args));

    const dir = mkdtempSync(join(tmpdir(), 'yibao-replica-'));
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const data = join(dir, 'data');
    const port = await freePort();
    try {
      await as('pg_basebackup', ['-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username) || 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
      const conf = [
        `port = ${port}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, 'hot_standby = on', 'shared_buffers = 32MB', 'fsync = off',
        ...settings.map((s) => `${s.name} = ${s.setting}`),
      ];
      writeFileSync(join(data, 'postgresql.conf'), `${conf.join('\n')}\n`);
      writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
      if (owner) for (const f of ['postgresql.conf', 'pg_hba.conf']) chownSync(join(data, f), owner.uid, owner.gid);
      await as('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    } catch (e) {
      // A half-made replica: stop it if it started, and leave nothing behind.
      await as('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
      await disallow?.();
      throw e;
    }

    const replicaUrl = (database: string) => {
      const u = new URL(primaryUrl);
      u.port = String(port);
      u.pathname = `/${database}`;
      return u.toString();
    };
    const onReplica = async <T>(work: (sql: postgres.Sql) => Promise<T>) => {
      const sql = postgres(replicaUrl(primary.pathname.slice(1) || 'postgres'), { max: 1, onnotice: () => {} });
      try {
        return await work(sql);
      } finally {
        await sql.end();
      }
    };
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    };
    return {
      urlFor: replicaUrl,
      pauseReplay: () => onReplica(async (sql) => void (await sql`select pg_wal_replay_pause()`)),
      async caughtUp() {
        const check = postgres(primaryUrl, { max: 1, onnotice: () => {} });
        try {
          const [{ lsn }] = await check<[{ lsn: string }]>`select pg_current_wal_lsn()::text as lsn`;
          await onReplica(async (sql) => {
            for (let i = 0; i < 200; i++) {
              const [{ behind }] = await sql<[{ behind: boolean }]>`select pg_last_wal_replay_lsn() < ${lsn}::pg_lsn as behind`;
              if (!behind) return;
              await new Promise((r) => setTimeout(r, 50));
            }
            throw new Error('the replica did not catch up within 10 s');
          });
        } finally {
          await check.end();
        }
      },
      stop,
      async destroy() {
        await stop().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
        await disallow?.();
      },
    };
  } finally {
    await admin.end();
  }
}
