import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { HeaderMap } from '@apollo/server';
import { getDistDirectory, renderAltair } from 'altair-static';
import type { HubApp } from './app.js';
import { HubError } from './errors.js';
import { formatError } from './format-error.js';

const ALTAIR_DIR = getDistDirectory();
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.txt': 'text/plain',
};

const INITIAL_QUERY = `# Send a token: Authorization: Bearer <token from npm run token -- --role MEDICAL_SECURITY --region 320600>
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
        req.destroy();
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

function sendError(res: ServerResponse, status: number, error: HubError): void {
  sendJson(res, status, { errors: [formatError({ message: error.message, extensions: error.extensions }, error)] });
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

export interface HttpOptions {
  /** Extra routes (metrics, readiness) answered before GraphQL. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void> | void>;
}

/** Plain node:http in front of Apollo: /graphql, /healthz, the offline IDE under /altair/. */
export function createHttpServer(app: HubApp, options: HttpOptions = {}): Server {
  const limit = app.hub.config.BODY_LIMIT_BYTES;
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    res.setHeader('x-request-id', requestId);
    try {
      const extra = options.routes?.[url.pathname];
      if (extra) return await extra(req, res);
      if (url.pathname === '/healthz') {
        try {
          await app.hub.database.ping();
          return sendJson(res, 200, { status: 'ok' });
        } catch {
          return sendJson(res, 503, { status: 'unavailable' });
        }
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
          raw = await readBody(req, limit);
        } catch (e) {
          if (e instanceof BodyTooLarge) return sendError(res, 413, new HubError('BAD_REQUEST', 'Request body too large'));
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
      }
      const result = await app.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: () =>
          app.contextFor({
            authorization: req.headers.authorization,
            purpose: req.headers['x-purpose'] as string | undefined,
            requestId,
          }),
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') res.end(result.body.string);
      else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch {
      if (!res.headersSent) sendError(res, 500, new HubError('INTERNAL', 'Internal error'));
      else res.end();
    }
  });
}
