/**
 * ACCESS-POLICY.md § Writes: every mutation refused to every role outside its row, with
 * FORBIDDEN and nothing changed. The table is transcribed by hand; the inputs are generated
 * from the schema so that the refusal, not input validation, is what answers.
 */
import { sql } from 'drizzle-orm';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationPolicy } from '../../src/auth/policy.js';
import { ROLES, type Role } from '../../src/auth/principal.js';
import { codes, startHub, type TestHub } from '../helpers/hub.js';

const M: Role = 'MEDICAL_SECURITY';
// ACCESS-POLICY.md § Writes (recordIndicatorObservation also admits lead departments: checked in the write).
const WRITES: Record<string, Role[]> = {
  recordContributions: ['TAX', M],
  registerAssistanceRecipients: ['CIVIL_AFFAIRS', M],
  endAssistance: ['CIVIL_AFFAIRS', M],
  issuePrescription: ['INSTITUTION'],
  dispensePrescription: ['INSTITUTION'],
  cancelPrescription: ['INSTITUTION'],
  settleClaim: ['INSTITUTION', M],
  reverseSettlement: ['INSTITUTION', M],
  enrollInProduct: ['INSURER'],
  grantConsent: [M],
  revokeConsent: [M],
  recordIndicatorObservation: [...ROLES],
  setInstitutionAgreement: [M],
};

let hub: TestHub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub?.close());

/** A value of the right shape for any input type, so coercion passes and the policy decides. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  }
  if (isScalarType(type)) {
    const byName: Record<string, unknown> = {
      String: 'TEST', ID: Buffer.from('Settlement:1').toString('base64'), Int: 1, Float: 1, Boolean: false, Money: '1.00',
      Date: '2026-01-02', DateTime: '2026-12-01T00:00:00Z', IdNumber: '11010519491231002X',
    };
    return byName[type.name];
  }
  throw new Error(`no sample for ${String(type)}`);
}

async function tableCounts() {
  const rows = await hub.db.database.rows<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const [r] = await hub.db.database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from "${table_name}"`));
    counts[table_name] = r!.n;
  }
  return counts;
}

const scopeFor = (role: Role) =>
  role === 'INSURER' ? { insurer: 'TEST' } : role === 'INSTITUTION' ? { institution: 'H32060299999' } : { regions: ['320600'] };

describe('writes', () => {
  it('the declaration matches ACCESS-POLICY.md', () => {
    for (const [mutation, roles] of Object.entries(WRITES)) {
      const cell = mutationPolicy[mutation]!;
      expect(Object.keys(cell).sort(), mutation).toEqual([...roles].sort());
    }
    expect(Object.keys(mutationPolicy).sort()).toEqual(Object.keys(WRITES).sort());
  });

  const mutations = () => Object.values(hub.app.schema.getMutationType()!.getFields());

  it('every mutation in the schema is in the table', () => {
    expect(mutations().map((m) => m.name).filter((n) => !(n in WRITES))).toEqual([]);
  });

  for (const role of ROLES) {
    it(`${role} is refused every write outside its rows, and nothing changes`, async () => {
      const before = await tableCounts();
      for (const field of mutations()) {
        if (WRITES[field.name]!.includes(role)) continue;
        const args = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
        const pass = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const variables = Object.fromEntries(field.args.map((a) => [a.name, sample(a.type)]));
        const selection = isNonNullType(field.type) || getNamedType(field.type) ? '__typename' : '';
        const r = await hub.as(role, scopeFor(role))(`mutation(${args}) { ${field.name}(${pass}) { ${selection} } }`, variables);
        expect(codes(r), `${field.name} as ${role}`).toEqual(['FORBIDDEN']);
        expect(r.data?.[field.name] ?? null).toBeNull();
      }
      expect(await tableCounts()).toEqual(before);
    });
  }
});
