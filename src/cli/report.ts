/**
 * Prints a region's indicator report from the configured database, through the same service as
 * the public `indicators` query: `npm run report -- --region 320600 [--year 2026] [--csv]`.
 * A terminal table by default; `--csv` writes every field, one indicator a line.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.js';
import type { RegionShape } from '../graphql/region.js';
import type { LiveValue } from '../indicators/live.js';
import { currentYear, indicatorReport, type ReportLine } from '../indicators/service.js';
import { createHub, openConfiguredDatabase } from '../server/app.js';
import { createContext } from '../server/context.js';
import { isHubError } from '../server/errors.js';
import { commandLine } from './args.js';

const USAGE = 'usage: npm run report -- --region <code> [--year <yyyy>] [--csv]';

/** Columns a character takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return width;
}

function fit(s: string, width: number): string {
  if (displayWidth(s) <= width) return s + ' '.repeat(width - displayWidth(s));
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…${' '.repeat(width - 1 - displayWidth(out))}`;
}

const number = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function liveCell(live: LiveValue | null, unit: string | null): string {
  if (!live) return '—';
  if (live.suppressed) return 'suppressed';
  if (live.value === null) return 'n/a';
  return `${number(live.value)}${unit === '%' ? '%' : ''}`;
}

function evidenceCell(line: ReportLine): string {
  const e = line.assessment.evidence;
  if (!e) return '—';
  const figure = e.value !== null ? number(e.value) : (e.text ?? '');
  return `${figure} (${e.basis === 'LIVE' ? 'live' : 'obs.'} ${e.year})`;
}

/** The report as a terminal table, names cut to fit. */
export function formatTable(region: RegionShape, year: number, lines: readonly ReportLine[]): string {
  const columns: [string, number, (l: ReportLine) => string][] = [
    ['Code', 6, (l) => l.row.code],
    ['Indicator', 36, (l) => l.row.name],
    ['Unit', 5, (l) => l.row.unit ?? ''],
    ['Baseline', 12, (l) => l.row.baselineText ?? '—'],
    ['Target', 18, (l) => l.row.targetText ?? '—'],
    ['Live', 11, (l) => liveCell(l.live, l.row.unit)],
    ['Assessed on', 20, evidenceCell],
    ['Status', 9, (l) => l.assessment.status],
    ['Measured', 14, (l) => l.measurability.measurability],
  ];
  const row = (cells: string[]) => cells.map((c, i) => fit(c, columns[i]![1])).join('  ').trimEnd();
  return [
    `${region.name} ${region.code} — ${lines.length} indicators, ${year}`,
    row(columns.map(([title]) => title)),
    row(columns.map(([, width]) => '─'.repeat(width))),
    ...lines.map((l) => row(columns.map(([, , cell]) => cell(l)))),
  ].join('\n');
}

function csvField(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const CSV_COLUMNS: [string, (l: ReportLine) => string | number | boolean | null][] = [
  ['code', (l) => l.row.code],
  ['name', (l) => l.row.name],
  ['name_en', (l) => l.row.nameEn],
  ['category', (l) => l.row.category],
  ['unit', (l) => l.row.unit],
  ['baseline_year', (l) => l.row.baselineYear],
  ['baseline_text', (l) => l.row.baselineText],
  ['baseline_value', (l) => l.row.baselineValue],
  ['target_year', (l) => l.row.targetYear],
  ['target_text', (l) => l.row.targetText],
  ['target_value', (l) => l.row.targetValue],
  ['target_value_high', (l) => l.row.targetValueHigh],
  ['comparison', (l) => l.row.comparison],
  ['attribute', (l) => l.row.attribute],
  ['lead_departments', (l) => l.row.leadDepartments.join('、')],
  ['live_value', (l) => l.live?.value ?? null],
  ['live_as_of', (l) => l.live?.asOf ?? null],
  ['live_numerator', (l) => l.live?.numerator ?? null],
  ['live_denominator', (l) => l.live?.denominator ?? null],
  ['live_suppressed', (l) => l.live?.suppressed ?? null],
  ['assessed_basis', (l) => l.assessment.evidence?.basis ?? null],
  ['assessed_year', (l) => l.assessment.evidence?.year ?? null],
  ['assessed_value', (l) => l.assessment.evidence?.value ?? null],
  ['assessed_text', (l) => l.assessment.evidence?.text ?? null],
  ['status', (l) => l.assessment.status],
  ['measurability', (l) => l.measurability.measurability],
  ['measurability_note', (l) => l.measurability.note],
  ['source_file', (l) => l.row.sourceFile],
  ['source_table', (l) => l.row.sourceTable],
];

/** The report as CSV (RFC 4180 quoting), a header line first. */
export function formatCsv(lines: readonly ReportLine[]): string {
  return [CSV_COLUMNS.map(([name]) => name), ...lines.map((l) => CSV_COLUMNS.map(([, value]) => csvField(value(l))))]
    .map((cells) => cells.join(','))
    .join('\n');
}

async function main(): Promise<number> {
  const values = commandLine(USAGE, { region: { type: 'string' }, year: { type: 'string' }, csv: { type: 'boolean', default: false } });
  if (!values.region) {
    console.error(USAGE);
    return 2;
  }
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !Number.isInteger(year)) {
    console.error(`--year must be a year, e.g. 2026\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  // Figures as of now, not from a cache, read from the primary the report opened.
  const hub = await createHub({ ...config, INDICATOR_CACHE_SECONDS: 0, DATABASE_READ_URLS: [] }, database);
  try {
    if (hub.regions.size === 0) {
      console.error('The database holds no reference data yet: run `npm run seed` first.');
      return 1;
    }
    // An anonymous context: the report shows what the public `indicators` query shows.
    const ctx = createContext(hub, { requestId: randomUUID(), principal: null, purpose: null });
    const lines = await indicatorReport(ctx, values.region, year);
    const period = year ?? currentYear(ctx);
    console.log(values.csv ? formatCsv(lines) : formatTable(hub.regions.get(values.region)!, period, lines));
    return 0;
  } catch (e) {
    if (!isHubError(e)) throw e;
    console.error(`${e.message}${'field' in e ? ` (--${String(e.field)})` : ''}`);
    return 2;
  } finally {
    await hub.reads.close();
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
