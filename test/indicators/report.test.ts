/**
 * `npm run report`: the CLI opens the configured database (a PGlite data directory, or PostgreSQL
 * when DATABASE_URL is set) and prints the same figures the `indicators` query returns.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../seeds/load.js';
import { displayWidth, formatCsv } from '../../src/cli/report.js';
import { openDatabase } from '../../src/db/client.js';
import type { ReportLine } from '../../src/indicators/service.js';
import { onPostgres, openTestDb, type TestDb } from '../helpers/db.js';
import { fixtures } from '../helpers/fixtures.js';
import { Y } from './data.js';

const exec = promisify(execFile);
let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  if (onPostgres) {
    const testDb: TestDb = await openTestDb();
    await seedPersons(testDb.database);
    env = { ...process.env, DATABASE_URL: testDb.url! };
    cleanup = () => testDb.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-report-'));
    const database = await openDatabase({ dataDir: dir });
    await loadReferenceData(database);
    await seedPersons(database);
    await database.close(); // one process at a time on a PGlite directory
    env = { ...process.env, DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
afterAll(() => cleanup?.());

/** Ten enrolled Nantong persons: an enrollment rate of 100 % over a group just large enough to show. */
async function seedPersons(database: Parameters<typeof fixtures>[0]) {
  const f = fixtures(database);
  for (let i = 0; i < 10; i++) await f.person({ region: '320600', year: Y });
}

const report = (...args: string[]) => exec(join('node_modules', '.bin', 'tsx'), ['src/cli/report.ts', ...args], { env });

describe('npm run report', () => {
  it('prints a region’s indicators as a table', async () => {
    const { stdout } = await report('--region', '320600');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`南通市 320600 — 12 indicators, ${Y}`);
    expect(lines).toHaveLength(3 + 12);
    expect(lines[3]).toMatch(/^NT-01 .*≥99%\s+100%\s+100 \(live \d{4}\)\s+MET\s+COMPUTED$/);
    expect(lines[12]).toMatch(/^NT-10 .*95 \(obs\. 2020\)\s+OFF_TRACK\s+REPORTED$/);
  });

  it('prints every field as CSV, for a year', async () => {
    const { stdout } = await report('--region', '320600', '--year', String(Y), '--csv');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    const header = lines[0]!.split(',');
    const nt01 = lines[1]!.split(',');
    const cell = (name: string) => nt01[header.indexOf(name)];
    expect([cell('code'), cell('live_value'), cell('live_numerator'), cell('live_denominator'), cell('status')]).toEqual(['NT-01', '100', '10', '10', 'MET']);
  });

  it('exits with 2 and names the argument on bad input', async () => {
    for (const [args, message] of [
      [['--region', '999999'], 'Unknown region code: 999999 (--region)'],
      [['--region', '320600', '--year', '1999'], '(--year)'],
      [['--region', '320600', '--year', 'next'], '--year must be a year'],
      [[], 'usage: npm run report'],
    ] as const) {
      const failure = await report(...args).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failure?.code, args.join(' ')).toBe(2);
      expect(failure?.stderr).toContain(message);
    }
  });
});

describe('report formatting', () => {
  it('counts Chinese characters as two terminal columns', () => {
    expect(displayWidth('NT-01')).toBe(5);
    expect(displayWidth('参保率')).toBe(6);
    expect(displayWidth('45%左右')).toBe(7);
  });

  it('quotes CSV fields holding commas, quotes or line breaks', () => {
    const line = {
      row: { code: 'X-01', name: 'a, "b"', nameEn: 'x\ny', leadDepartments: ['医保', '民政'] },
      live: null,
      assessment: { status: 'UNKNOWN', evidence: null },
      measurability: { measurability: 'REPORTED', note: 'n' },
    } as unknown as ReportLine;
    const [, row] = formatCsv([line]).split(/\n(?=X-01)/);
    expect(row).toMatch(/^X-01,"a, ""b""","x\ny",/);
    expect(row).toContain(',医保、民政,');
  });
});
