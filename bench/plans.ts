/**
 * The indicator aggregates' query plans on the benchmark database: each family's statement run
 * under EXPLAIN ANALYZE, its execution time, and how it reads each table. The tables that grow
 * with persons and years (enrollments, settlements, contributions) must be read through an index;
 * assistance recipients (a few percent of persons, most of them read by the key-group figure)
 * may be scanned.
 */
import { sql, type SQLWrapper } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { aggregateStatements, type Family } from '../src/indicators/live.js';

export interface FamilyPlan {
  family: Family;
  executionMs: number;
  scans: string[];
  /** No sequential scan of a large table. */
  indexed: boolean;
}

const LARGE = new Set(['enrollments', 'settlements', 'contributions']);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function scansOf(node: PlanNode, out: { text: string; seqOnLarge: boolean }[] = []) {
  if (node['Relation Name']) {
    const text = `${node['Node Type']} ${node['Relation Name']}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`;
    out.push({ text, seqOnLarge: node['Node Type'] === 'Seq Scan' && LARGE.has(node['Relation Name']) });
  }
  for (const child of node.Plans ?? []) scansOf(child, out);
  return out;
}

export async function explainIndicatorAggregates(url: string, region: string, year: number): Promise<FamilyPlan[]> {
  const database = await openDatabase({ url, dataDir: '', poolMax: 1, statementTimeoutMs: 60_000 });
  try {
    const plans: FamilyPlan[] = [];
    for (const [family, statement] of Object.entries(aggregateStatements(database.db, region, year)) as [Family, SQLWrapper][]) {
      // One run to warm the cache as the served query would find it, then the measured one.
      await database.rows(sql`${statement}`);
      const [row] = await database.rows<{ 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }>(sql`explain (analyze, format json) ${statement}`);
      const plan = row!['QUERY PLAN'][0]!;
      const scans = scansOf(plan.Plan);
      plans.push({ family, executionMs: plan['Execution Time'], scans: [...new Set(scans.map((s) => s.text))], indexed: !scans.some((s) => s.seqOnLarge) });
    }
    return plans;
  } finally {
    await database.close();
  }
}
