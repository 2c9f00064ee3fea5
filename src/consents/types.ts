import { builder } from '../graphql/builder.js';
import { ConsentScopeEnum } from '../graphql/enums.js';
import { MUTATION_ERRORS } from '../graphql/errors.js';
import { ConsentRef } from '../people/types.js';
import { grantConsent, revokeConsent } from './service.js';

const GrantConsentInput = builder.inputType('GrantConsentInput', {
  fields: (t) => ({
    idNumber: t.field({ type: 'IdNumber', required: true }),
    insurerCode: t.string({ required: true }),
    scopes: t.field({ type: [ConsentScopeEnum], required: true }),
    expiresAt: t.field({ type: 'DateTime', required: true }),
  }),
});

const RevokeConsentInput = builder.inputType('RevokeConsentInput', {
  fields: (t) => ({
    idNumber: t.field({ type: 'IdNumber', required: true }),
    insurerCode: t.string({ required: true }),
  }),
});

const RevokeConsentPayload = builder.objectRef<{ revokedCount: number; consents: Awaited<ReturnType<typeof revokeConsent>>['consents'] }>('RevokeConsentPayload').implement({
  fields: (t) => ({
    revokedCount: t.exposeInt('revokedCount', { nullable: false }),
    consents: t.field({ type: [ConsentRef], nullable: false, resolve: (p) => p.consents }),
  }),
});

builder.mutationFields((t) => ({
  grantConsent: t.field({
    type: ConsentRef,
    description: '授权: record a person’s consent for an insurer (by MEDICAL_SECURITY, acting for the person through the 医保 app).',
    args: { input: t.arg({ type: GrantConsentInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'GrantConsentResult' }, result: { name: 'GrantConsentPayload' }, dataField: { name: 'consent' } },
    resolve: (_root, { input }, ctx) => grantConsent(ctx, input),
  }),
  revokeConsent: t.field({
    type: RevokeConsentPayload,
    args: { input: t.arg({ type: RevokeConsentInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'RevokeConsentResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => revokeConsent(ctx, input),
  }),
}));
