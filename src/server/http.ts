import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { HeaderMap } from '@apollo/server';
import { getDistDirectory, renderAltair } from 'altair-static';
import type { HubApp } from './app.js';
import type { Context } from './context.js';
import { HubError, isHubError } from './errors.js';
import { formatError } from './format-error.js';
import { scrub } from './logger.js';

const ALTAIR_DIR = getDistDirectory();
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.txt': 'text/plain',
};

const INITIAL_QUERY = `# Add a header  Authorization: Bearer <token>
# (npm run token -- --role MEDICAL_SECURITY --region 320600)
query Indicators {
  indicators(region: "320600") { code name targetText comparison }
}`;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: HubError, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [formatError({ message: error.message, extensions: error.extensions }, error)] }, headers);
}

function serveAltair(res: ServerResponse, path: string): void {
  const rel = normalize(path.slice('/altair/'.length)).replace(/^(\.\.[/\\])+/, '');
  if (rel === '' || rel === '.' || rel === 'index.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(renderAltair({ baseURL: '/altair/', endpointURL: '/graphql', initialQuery: INITIAL_QUERY, disableAccount: true }));
    return;
  }
  const file = join(ALTAIR_DIR, rel);
  if (!file.startsWith(ALTAIR_DIR) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=3600' });
  createReadStream(file).pipe(res);
}

/** CORS by allow-list: only listed origins get the headers; everyone else gets none. */
function applyCors(app: HubApp, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = !!origin && app.hub.config.CORS_ORIGINS.includes(origin);
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, x-purpose, x-request-id, apollo-require-preflight');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-max-age', '600');
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(allowed ? 204 : 403).end();
    return true;
  }
  return false;
}

interface GraphQLBody {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/**
 * The X-Purpose header. HTTP headers carry Latin-1 only, so a purpose in Chinese (案件 2026-017)
 * comes percent-encoded as UTF-8; a value that is not valid percent-encoding is kept as sent.
 */
export function purposeOf(header: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(header) ? header.join(', ') : header;
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Fills in the text of a registered operation sent by hash only. */
function resolvePersisted(app: HubApp, body: unknown): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const b = body as GraphQLBody;
  const hash = b.extensions?.persistedQuery?.sha256Hash;
  if (typeof hash === 'string' && b.query === undefined) {
    const text = app.trusted.lookup(hash);
    if (text) b.query = text;
  }
}

const CLIENT_ERRORS = new Set(['BAD_REQUEST', 'QUERY_TOO_COMPLEX', 'BAD_USER_INPUT']);

/** Rejections raised inside parsing (armor's token limit, syntax errors) reach us as 500s. */
function onlyClientErrors(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    return !parsed.data && !!parsed.errors?.length && parsed.errors.every((e) => CLIENT_ERRORS.has(String(e.extensions?.code)));
  } catch {
    return false;
  }
}

/** Plain node:http in front of Apollo: /graphql, health, metrics and the offline IDE. */
export function createHttpServer(app: HubApp): Server {
  const { config } = app.hub;
  return createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = (req.headers['x-request-id'] as string | undefined)?.replace(/[^\w.-]/g, '').slice(0, 64) || randomUUID();
    res.setHeader('x-request-id', requestId);
    let ctx: Context | null = null;
    res.on('finish', () => {
      if (url.pathname !== '/graphql') return;
      app.logger.info({
        requestId, method: req.method, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6,
        role: ctx?.principal?.role ?? null, clientId: ctx?.principal?.clientId ?? null,
        operation: ctx?.operationName ? scrub(ctx.operationName) : null, persons: ctx?.audit.personIds.size ?? 0,
      }, 'graphql request');
    });
    try {
      if (applyCors(app, req, res)) return;
      if (url.pathname === '/healthz') {
        const ok = await app.health();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable' });
      }
      if (url.pathname === '/readyz') {
        const ready = await app.readiness();
        return sendJson(res, ready.ready ? 200 : 503, ready);
      }
      if (url.pathname === '/metrics' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': app.metrics.registry.contentType });
        res.end(await app.metrics.registry.metrics());
        return;
      }
      if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(302, { location: '/altair/' }).end();
        return;
      }
      if (url.pathname.startsWith('/altair/') && req.method === 'GET') return serveAltair(res, url.pathname);
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });

      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      let body: unknown = undefined;
      if (req.method === 'POST') {
        let raw: string;
        try {
          raw = await readBody(req, config.BODY_LIMIT_BYTES);
        } catch (e) {
          if (e instanceof BodyTooLarge) return sendError(res, 413, new HubError('BAD_REQUEST', 'Request body too large'), { connection: 'close' });
          throw e;
        }
        body = raw;
        if ((headers.get('content-type') ?? '').includes('json') && raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            return sendError(res, 400, new HubError('BAD_REQUEST', 'Request body is not valid JSON'));
          }
        }
        resolvePersisted(app, body);
      }

      try {
        ctx = await app.contextFor({
          authorization: req.headers.authorization,
          purpose: purposeOf(req.headers['x-purpose']),
          requestId,
        });
      } catch (e) {
        if (isHubError(e) && e.code === 'UNAUTHENTICATED') return sendError(res, 401, e, { 'www-authenticate': 'Bearer' });
        throw e;
      }

      const rateKey = ctx.principal?.clientId ?? `anonymous:${req.socket.remoteAddress ?? ''}`;
      const decision = await app.rateLimiter.take(rateKey);
      if (!decision.allowed) {
        return sendError(res, 429, new HubError('RATE_LIMITED', 'Too many requests', { retryAfter: decision.retryAfter }), { 'retry-after': String(decision.retryAfter) });
      }

      if (app.trusted.enforcedFor(ctx.principal?.role)) {
        const query = body && typeof body === 'object' ? (body as GraphQLBody).query : url.searchParams.get('query');
        if (typeof query !== 'string' || !app.trusted.isTrusted(query)) {
          return sendError(res, 403, new HubError('FORBIDDEN', 'This client may run registered operations only'));
        }
      }

      const requestContext = ctx;
      const execution = app.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: async () => requestContext,
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), config.REQUEST_TIMEOUT_MS);
      });
      const result = await Promise.race([execution, timeout]).finally(() => clearTimeout(timer));
      if (!result) return sendError(res, 503, new HubError('INTERNAL', 'The request took too long and was cancelled'));
      for (const [k, v] of result.headers) res.setHeader(k, v);
      // The hub's own time on the request, audit record included: what a client measures beyond
      // it was spent before the request was read (queued behind other work) or on the way.
      if (config.SERVER_TIMING) res.setHeader('server-timing', `app;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(2)}`);
      res.statusCode = result.status ?? 200;
      if (res.statusCode === 500 && result.body.kind === 'complete' && onlyClientErrors(result.body.string)) res.statusCode = 400;
      // Encoded once: a string body is scanned for its byte length, then encoded again by the socket
      // write, and a response holding Chinese text is a two-byte string, scanned and encoded whole.
      if (result.body.kind === 'complete') res.end(Buffer.from(result.body.string, 'utf8'));
      else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (e) {
      app.logger.error({ requestId, err: e instanceof Error ? scrub(e.message) : 'unknown' }, 'request failed');
      if (!res.headersSent) sendError(res, 500, new HubError('INTERNAL', 'Internal error'));
      else res.end();
    }
  });
}
