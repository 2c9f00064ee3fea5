/**
 * Scoped statements are prepared once per scope key and reused for every principal with that key
 * (server/loaders.ts preparedScoped), so the key must cover everything a scope fragment reads:
 * principals with equal keys must get the same SQL and parameters from every fragment.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  consentScope, institutionScope, personScope, prescriptionScope, productEnrollmentScope, scopeKey, settlementScope,
} from '../../src/auth/scope.js';
import { ROLES, type Principal } from '../../src/auth/principal.js';

const dialect = new PgDialect();
const now = sql.placeholder('now');
const FRAGMENTS: Record<string, (p: Principal) => SQL> = {
  personRelation: (p) => personScope(p, now),
  personLookup: (p) => personScope(p, now, 'lookup'),
  institution: institutionScope,
  prescription: (p) => prescriptionScope(p, now),
  settlement: (p) => settlementScope(p, now),
  productEnrollment: productEnrollmentScope,
  consent: consentScope,
};

/** Every combination of the principal's fields, each in two values, the client id included. */
function principals(): Principal[] {
  const out: Principal[] = [];
  for (const role of ROLES)
    for (const regions of [['320600'], ['320100', '320600']])
      for (const insurerCode of [null, 'INS-A', 'INS-B'])
        for (const institutionCode of [null, 'H1', 'H2'])
          for (const clientId of ['one', 'two']) out.push({ role, regions, insurerCode, institutionCode, clientId });
  return out;
}

const rendered = (fragment: SQL) => JSON.stringify(dialect.sqlToQuery(fragment));

describe('scopeKey', () => {
  it('principals with equal keys get the same SQL and parameters from every scope fragment', () => {
    const byKey = new Map<string, Principal[]>();
    for (const p of principals()) byKey.set(scopeKey(p), [...(byKey.get(scopeKey(p)) ?? []), p]);
    expect(byKey.size).toBeLessThan(principals().length); // the client id is not part of the key
    for (const group of byKey.values()) {
      for (const [name, fragment] of Object.entries(FRAGMENTS)) {
        const texts = new Set(group.map((p) => rendered(fragment(p))));
        expect(texts.size, `${name} for ${scopeKey(group[0]!)}`).toBe(1);
      }
    }
  });

  it('principals whose scope differs get different keys', () => {
    const base: Principal = { role: 'MEDICAL_SECURITY', regions: ['320600'], insurerCode: null, institutionCode: null, clientId: 'c' };
    const keys = [
      base,
      { ...base, role: 'TAX' as const },
      { ...base, regions: ['320100'] },
      { ...base, regions: ['320600', '320100'] },
      { ...base, role: 'INSURER' as const, insurerCode: 'INS-A' },
      { ...base, role: 'INSURER' as const, insurerCode: 'INS-B' },
      { ...base, role: 'INSTITUTION' as const, institutionCode: 'H1' },
      { ...base, role: 'INSTITUTION' as const, institutionCode: 'H2' },
    ].map(scopeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a consent’s expiry is judged at the statement’s instant parameter, not at a fixed time', () => {
    const insurer: Principal = { role: 'INSURER', regions: [], insurerCode: 'INS-A', institutionCode: null, clientId: 'c' };
    const query = dialect.sqlToQuery(personScope(insurer, now));
    expect(query.sql).toContain('"expires_at" >');
    expect(query.params).toContain(now);
  });
});
