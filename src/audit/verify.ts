import { asc, gt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditCheckpoints, auditLog } from '../db/schema/index.js';
import { GENESIS_HASH, recordHash, signHead } from './log.js';

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** The first record whose content or link does not match, if any. */
  brokenAt: number | null;
  reason: string | null;
  checkpointsChecked: number;
}

const PAGE = 5000;

/**
 * Recomputes the chain from the first record. An edited record no longer matches its hash; a
 * deleted one breaks its successor's link; a rewritten or truncated chain no longer matches the
 * checkpoints signed with a key that is not in the database.
 */
export async function verifyAuditChain(db: Db, signingKey: string): Promise<ChainVerification> {
  const hashes = new Map<number, string>();
  const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.auditId));
  const wanted = new Set(checkpoints.map((c) => c.auditId));
  let prev = GENESIS_HASH;
  let checked = 0;
  let after = 0;
  let lastId = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.id, after)).orderBy(asc(auditLog.id)).limit(PAGE);
    for (const r of page) {
      if (r.prevHash !== prev) return fail(r.id, 'link to the previous record does not match (a record was removed or reordered)');
      const expected = recordHash(prev, { ...r, personIds: r.personIds, fields: r.fields, deniedFields: r.deniedFields });
      if (expected !== r.hash) return fail(r.id, 'content does not match its hash (the record was edited)');
      if (wanted.has(r.id)) hashes.set(r.id, r.hash);
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  for (const c of checkpoints) {
    if (c.signature !== signHead(signingKey, c.auditId, c.hash)) return fail(c.auditId, 'checkpoint signature is invalid');
    const seen = hashes.get(c.auditId);
    if (seen === undefined && c.auditId > lastId) return fail(c.auditId, 'records after the last remaining one were removed (checkpoint beyond the chain)');
    if (seen !== c.hash) return fail(c.auditId, 'the chain no longer matches a signed checkpoint (it was rewritten)');
  }
  return { valid: true, checked, brokenAt: null, reason: null, checkpointsChecked: checkpoints.length };

  function fail(id: number, reason: string): ChainVerification {
    return { valid: false, checked, brokenAt: id, reason, checkpointsChecked: checkpoints.length };
  }
}
