/**
 * highCostAlerts: assistance recipients whose in-range self-pay for the year exceeds the
 * threshold, within the caller's regions, computed in SQL and paginated.
 */
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.js';
import { accumulators, auditLog } from '../../src/db/schema/index.js';
import { alertThreshold, asOfDate } from '../../src/people/alerts.js';
import type { Context } from '../../src/server/context.js';
import { fixtures, type Fixtures } from '../helpers/fixtures.js';
import { codes, startHub, type Scope, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
let f: Fixtures;
const db = () => hub.db.database.db;

const ALERTS = `query Alerts($year: Int, $threshold: Money, $first: Int, $after: String) {
  highCostAlerts(year: $year, threshold: $threshold, first: $first, after: $after) {
    edges { cursor node { person { idNumber name } year inRangeSelfPay threshold categories } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Person = Awaited<ReturnType<Fixtures['person']>>;
const spent = (personId: number, yuan: number, year = 2026) => db().insert(accumulators).values({ personId, year, criticalQualifying: yuan * 100 });

let high: Person;
let moderate: Person;
let notRecipient: Person;
let endedRecipient: Person;
let nanjing: Person;
let lastYear: Person;

beforeAll(async () => {
  hub = await startHub();
  f = fixtures(hub.db.database);
  // One after another, so person ids (the list order) follow creation order.
  high = await f.person({ name: '高额甲' });
  moderate = await f.person();
  notRecipient = await f.person();
  endedRecipient = await f.person();
  nanjing = await f.person({ region: '320100' });
  lastYear = await f.person();
  await f.assistance(high.id, 'SUBSISTENCE', '2025-01-01');
  await f.assistance(high.id, 'ILLNESS_POVERTY', '2026-03-01');
  await f.assistance(moderate.id, 'LOW_INCOME', '2025-01-01');
  await f.assistance(endedRecipient.id, 'SUBSISTENCE', '2025-01-01', '2026-06-30');
  await f.assistance(nanjing.id, 'EXTREME_POVERTY', '2024-01-01');
  await f.assistance(lastYear.id, 'SUBSISTENCE', '2024-01-01', '2025-12-31');
  await spent(high.id, 60_000);
  await spent(moderate.id, 40_000);
  await spent(notRecipient.id, 80_000);
  await spent(endedRecipient.id, 70_000);
  await spent(nanjing.id, 90_000);
  await spent(lastYear.id, 75_000, 2025);
  await spent(endedRecipient.id, 55_000, 2025);
});
afterAll(() => hub?.close());

const ids = (r: { data?: any }) => r.data?.highCostAlerts.edges.map((e: any) => e.node.person.idNumber);

describe('highCostAlerts', () => {
  it('lists current recipients over the configured threshold, with the amount and categories', async () => {
    const r = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(ALERTS, {});
    expect(r.errors).toBeUndefined();
    expect(r.data?.highCostAlerts.edges.map((e: any) => e.node)).toEqual([
      { person: { idNumber: high.idNumber, name: '高额甲' }, year: 2026, inRangeSelfPay: '60000.00', threshold: '50000.00', categories: ['ILLNESS_POVERTY', 'SUBSISTENCE'] },
    ]);
  });

  it('takes a threshold argument instead of the configured one', async () => {
    const r = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(ALERTS, { threshold: '30000.00' });
    expect(ids(r)).toEqual([high.idNumber, moderate.idNumber]);
    expect(r.data?.highCostAlerts.edges[1].node.threshold).toBe('30000.00');
  });

  it('judges a past year by who was a recipient when it closed', async () => {
    const r = await hub.as('MEDICAL_SECURITY', { regions: ['320600'] })(ALERTS, { year: 2025 });
    expect(ids(r)).toEqual([endedRecipient.idNumber, lastYear.idNumber]);
    expect(asOfDate(2025, new Date('2026-11-25T00:00:00Z'))).toBe('2025-12-31');
    expect(asOfDate(2026, new Date('2026-11-25T00:00:00Z'))).toBe('2026-11-25');
  });

  it('keeps civil affairs to its own regions', async () => {
    const nanjingView = await hub.as('CIVIL_AFFAIRS', { regions: ['320100'] })(ALERTS, {});
    expect(ids(nanjingView)).toEqual([nanjing.idNumber]);
    const nantongView = await hub.as('CIVIL_AFFAIRS', { regions: ['320600'] })(ALERTS, {});
    expect(ids(nantongView)).toEqual([high.idNumber]);
  });

  it('pages with a cursor, in constant statements', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600', '320100'] });
    const page1 = await ms(ALERTS, { threshold: '30000.00', first: 1 });
    const page2 = await ms(ALERTS, { threshold: '30000.00', first: 1, after: page1.data?.highCostAlerts.pageInfo.endCursor });
    const page3 = await ms(ALERTS, { threshold: '30000.00', first: 5, after: page2.data?.highCostAlerts.pageInfo.endCursor });
    expect([...ids(page1), ...ids(page2), ...ids(page3)]).toEqual([high.idNumber, moderate.idNumber, nanjing.idNumber]);
    expect(page1.data?.highCostAlerts.pageInfo.hasNextPage).toBe(true);
    expect(page3.data?.highCostAlerts.pageInfo.hasNextPage).toBe(false);
    const all = await ms(ALERTS, { threshold: '30000.00', first: 5 });
    expect(all.statements).toBe(page1.statements);
  });

  it('records the persons reached even when the person is not selected', async () => {
    await hub.as('MEDICAL_SECURITY', { regions: ['320600'], clientId: 'alerts-audit' })('query Amounts { highCostAlerts { edges { node { inRangeSelfPay } } } }');
    const [record] = await db().select().from(auditLog).where(eq(auditLog.clientId, 'alerts-audit')).orderBy(desc(auditLog.id)).limit(1);
    expect(record).toMatchObject({ operation: 'Amounts', personIds: [high.id] });
    expect(record!.fields).toContain('Query.highCostAlerts');
  });

  it('rejects bad arguments with the field named', async () => {
    const ms = hub.as('MEDICAL_SECURITY', { regions: ['320600'] });
    for (const [variables, field] of [[{ year: 1989 }, 'year'], [{ year: 2027 }, 'year'], [{ first: 101 }, 'first']] as const) {
      const r = await ms(ALERTS, variables);
      expect(r.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(codes(await ms(ALERTS, { threshold: '-1.00' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('is refused to every role but MEDICAL_SECURITY and CIVIL_AFFAIRS', async () => {
    const roles: [Role, Scope][] = [
      ['TAX', { regions: ['320600'] }], ['HEALTH', { regions: ['320600'] }], ['INSURER', { insurer: 'PICC' }], ['INSTITUTION', { institution: 'H32060200001' }],
    ];
    for (const [role, scope] of roles) expect(codes(await hub.as(role, scope)(ALERTS, {})), role).toEqual(['FORBIDDEN']);
  });

  it('reads the threshold from HIGH_COST_THRESHOLD_YUAN unless given', () => {
    const ctx = { hub: { config: { HIGH_COST_THRESHOLD_YUAN: 12_345.67 } } } as unknown as Context;
    expect(alertThreshold(ctx, null)).toBe(1_234_567);
    expect(alertThreshold(ctx, 500)).toBe(500);
  });
});
