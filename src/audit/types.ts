import { builder } from '../graphql/builder.js';
import { RoleEnum } from '../graphql/enums.js';
import { pageWindow, toConnection } from '../graphql/pagination.js';
import { PersonRef } from '../people/types.js';
import { badInput } from '../server/errors.js';
import { accessHistoryByPerson, listAudit, type AuditFilterShape, type AuditRow } from './service.js';
import { verifyAuditChain, type ChainVerification } from './verify.js';

const AuditRecordRef = builder.objectRef<AuditRow>('AuditRecord').implement({
  description: 'One request that reached person-level data: who, what, and why.',
  fields: (t) => ({
    sequence: t.field({ type: 'String', nullable: false, resolve: (r) => String(r.id) }),
    at: t.expose('at', { type: 'DateTime', nullable: false }),
    requestId: t.exposeString('requestId', { nullable: false }),
    clientId: t.exposeString('clientId', { nullable: false }),
    role: t.exposeString('role', { nullable: false }),
    operation: t.exposeString('operation', { nullable: false }),
    persons: t.field({ type: [PersonRef], nullable: false, description: 'The persons reached, within the reader’s own scope.', resolve: (r) => r.personIds }),
    personCount: t.int({ nullable: false, resolve: (r) => r.personIds.length }),
    fields: t.exposeStringList('fields', { nullable: false }),
    deniedFields: t.exposeStringList('deniedFields', { nullable: false }),
    purpose: t.exposeString('purpose', { nullable: true }),
    hash: t.exposeString('hash', { nullable: false }),
    prevHash: t.exposeString('prevHash', { nullable: false }),
  }),
});

const AccessRecordRef = builder.objectRef<AuditRow>('AccessRecord').implement({
  description: 'One access to a person’s data, as the person’s own history shows it.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', nullable: false }),
    clientId: t.exposeString('clientId', { nullable: false }),
    role: t.exposeString('role', { nullable: false }),
    operation: t.exposeString('operation', { nullable: false }),
    fields: t.exposeStringList('fields', { nullable: false }),
    purpose: t.exposeString('purpose', { nullable: true }),
  }),
});

const AuditChainVerificationRef = builder.objectRef<ChainVerification>('AuditChainVerification').implement({
  fields: (t) => ({
    valid: t.exposeBoolean('valid', { nullable: false }),
    checked: t.exposeInt('checked', { nullable: false }),
    brokenAt: t.field({ type: 'String', nullable: true, description: 'Sequence of the first record that fails.', resolve: (v) => (v.brokenAt === null ? null : String(v.brokenAt)) }),
    reason: t.exposeString('reason', { nullable: true }),
    checkpointsChecked: t.exposeInt('checkpointsChecked', { nullable: false }),
  }),
});

const AuditFilter = builder.inputRef<AuditFilterShape>('AuditFilter').implement({
  fields: (t) => ({
    personIdNumber: t.field({ type: 'IdNumber' }),
    clientId: t.string(),
    role: t.field({ type: RoleEnum }),
    operation: t.string(),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  auditLog: t.connection({
    type: AuditRecordRef,
    description: 'The audit trail, newest first.',
    args: { filter: t.arg({ type: AuditFilter }) },
    resolve: (_root, args, ctx) => listAudit(ctx, args.filter ?? {}, args),
  }),
  verifyAuditChain: t.field({
    type: AuditChainVerificationRef,
    nullable: false,
    description: 'Recomputes the hash chain and checks the signed checkpoints.',
    resolve: (_root, _args, ctx) => verifyAuditChain(ctx.db, ctx.hub.config.auditKey),
  }),
}));

builder.objectField(PersonRef, 'accessHistory', (t) =>
  t.connection({
    type: AccessRecordRef,
    description: '“Who looked at my data”: the accesses to this person, newest first (first only).',
    resolve: async (person, args, ctx, info) => {
      if (args.after || args.before || args.last) throw badInput('after', 'accessHistory takes first only; page through auditLog');
      const window = pageWindow({ first: args.first });
      const rows = await ctx.loaders.forField(info, () => accessHistoryByPerson(ctx, window.limit)).load(person.id);
      return toConnection(rows, window, (r) => r.id);
    },
  }),
);
