/**
 * The benchmark reads each answer's Server-Timing header for the server's own time on it: the
 * `app` metric, whatever else the header holds, and nothing when it is absent or malformed. The
 * fixed-rate load tells it, with when each answer was due, to whoever keeps the answers.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runFixedRate, serverDuration } from '../../bench/load.js';
import type { AnswerRecord } from '../../bench/tail.js';

describe('the server-timing reader', () => {
  it('takes the app duration in ms', () => {
    expect(serverDuration('app;dur=3.25')).toBe(3.25);
    expect(serverDuration('app;dur=12')).toBe(12);
    expect(serverDuration('db;dur=1.5, app;dur=4.75')).toBe(4.75);
    expect(serverDuration(['cache;desc="hit"', 'app;dur=0.40'])).toBe(0.4);
  });

  it('finds none where there is none', () => {
    for (const header of [undefined, '', 'db;dur=1.5', 'app', 'app;dur=', 'app;dur=abc', 'myapp;dur=2']) {
      expect(serverDuration(header), String(header)).toBeNull();
    }
  });
});

describe('the fixed-rate load', () => {
  it('tells each answer, error or not, when it was due and the server’s own time on it', async () => {
    let n = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const failed = ++n === 3;
        res.writeHead(failed ? 500 : 200, { 'content-type': 'application/json', 'server-timing': 'app;dur=1.50' });
        res.end(failed ? '{"errors":[{"message":"no"}]}' : '{"data":{}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answers: AnswerRecord[] = [];
      const { port } = server.address() as AddressInfo;
      const result = await runFixedRate({
        url: `http://127.0.0.1:${port}`, path: '/graphql', connections: 4, seconds: 0.1, rate: 200, headers: {}, next: () => '{}',
        onAnswer: (a) => answers.push(a),
      });
      expect(answers).toHaveLength(20);
      expect(result).toMatchObject({ requests: 20, errors: 1, serverP50: 1.5, serverP99: 1.5 });
      expect(answers.every((a) => a.serverMs === 1.5 && a.latencyMs > 0)).toBe(true);
      const due = answers.map((a) => a.dueAt).sort((a, b) => a - b);
      for (let i = 1; i < due.length; i++) expect(due[i]! - due[i - 1]!).toBeCloseTo(5, 6);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
