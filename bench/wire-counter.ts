/**
 * A pass-through TCP proxy in front of PostgreSQL that counts (and records) the statements its clients run,
 * read from the frontend wire protocol: every simple Query ('Q') and every extended-protocol
 * Execute ('E') is one statement, BEGIN/COMMIT/SET included. Used when pg_stat_statements is
 * not loaded, and for every candidate alike, so the counts compare: the hub through drizzle and
 * postgres.js, the raw baseline through postgres.js, PostGraphile through node-postgres.
 *
 * Only counting instances connect through it; timed runs go straight to PostgreSQL.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export interface WireCounter {
  port: number;
  /** Statements seen so far, over all connections. */
  statements(): number;
  /** The text of every statement run since the last call, in order (then forgotten). */
  takeTexts(): string[];
  close(): Promise<void>;
}

/** A zero-terminated string at `offset`, and the offset after it. */
function cString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  return [buf.toString('utf8', offset, end), end + 1];
}

/**
 * Splits one connection's byte stream into protocol messages and reports each statement run:
 * a simple Query with its text, an Execute with the text of the statement its portal was bound
 * to (Parse names the statement, Bind the portal). Until the startup message, messages carry
 * no type byte (SSL and GSS requests, which PostgreSQL answers with one byte, may come first).
 */
function frontendParser(onStatement: (text: string) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  const statements = new Map<string, string>();
  const portals = new Map<string, string>();
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (!started) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSS_REQUEST && code !== CANCEL_REQUEST) started = true;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < length + 1) return;
      const type = pending[0];
      const body = pending.subarray(5, length + 1);
      if (type === 0x50 /* Parse */) {
        const [name, next] = cString(body, 0);
        statements.set(name, cString(body, next)[0]);
      } else if (type === 0x42 /* Bind */) {
        const [portal, next] = cString(body, 0);
        portals.set(portal, cString(body, next)[0]);
      } else if (type === 0x45 /* Execute */) {
        onStatement(statements.get(portals.get(cString(body, 0)[0]) ?? '') ?? '?');
      } else if (type === 0x51 /* Query */) {
        onStatement(cString(body, 0)[0]);
      }
      pending = pending.subarray(length + 1);
    }
  };
}

/** Starts the proxy on an ephemeral port of 127.0.0.1, forwarding to `target`. */
export async function startWireCounter(target: { host: string; port: number }): Promise<WireCounter> {
  let count = 0;
  let texts: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    const parse = frontendParser((text) => {
      count++;
      if (texts.length < 10_000) texts.push(text);
    });
    client.on('data', (chunk: Buffer) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    statements: () => count,
    takeTexts: () => {
      const out = texts;
      texts = [];
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
