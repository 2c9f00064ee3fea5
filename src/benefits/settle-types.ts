import { builder } from '../graphql/builder.js';
import { ConsentScopeEnum, EncounterTypeEnum, ItemClassEnum, SchemeEnum } from '../graphql/enums.js';
import { MUTATION_ERRORS } from '../graphql/errors.js';
import type { SettlementRow } from './loaders.js';
import {
  quoteSettlement, reverseSettlement, settleClaim, settlementEligibility,
  type SettleClaimResult, type SettlementEligibility, type SettlementQuote,
} from './settle.js';
import { InsuranceProductRef, PayerReasonRef, SettlementRef, splitFields } from './types.js';

const SettlementItemInput = builder.inputType('SettlementItemInput', {
  description: 'One bill line.',
  fields: (t) => ({
    code: t.string({ required: true, description: 'National catalogue code of the drug, consumable or service.' }),
    name: t.string({ required: true }),
    itemClass: t.field({ type: ItemClassEnum, required: true }),
    amount: t.field({ type: 'Money', required: true }),
    specialDrug: t.boolean({ required: true, defaultValue: false, description: '特药: on the 惠民保 special-drug list.' }),
  }),
});

const settlementInputFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  idNumber: t.field({ type: 'IdNumber', required: true }),
  institutionCode: t.string({ required: true, description: 'The designated institution (定点医药机构) that bills.' }),
  encounterType: t.field({ type: EncounterTypeEnum, required: true }),
  date: t.field({ type: 'Date', required: true, description: 'The bill date; its year selects the policies.' }),
  items: t.field({ type: [SettlementItemInput], required: true }),
});
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const SettlementInput = builder.inputType('SettlementInput', {
  description: 'A bill to quote.',
  fields: (t) => settlementInputFields(t),
});

const SettlementDiagnosisInput = builder.inputType('SettlementDiagnosisInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'ICD-10 医保版 code, e.g. E11.900.' }),
    name: t.string({ required: true }),
  }),
});

const SettleClaimInput = builder.inputType('SettleClaimInput', {
  description: 'A bill to settle.',
  fields: (t) => ({
    ...settlementInputFields(t),
    diagnosis: t.field({ type: SettlementDiagnosisInput }),
    idempotencyKey: t.string({
      required: true,
      description: '8–80 letters, digits, dashes or underscores; resending the same request with it returns the first settlement.',
    }),
  }),
});

const ReverseSettlementInput = builder.inputType('ReverseSettlementInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The settlement’s global id.' }),
    reason: t.string({ required: true }),
  }),
});

const SettlementQuoteRef = builder.objectRef<SettlementQuote>('SettlementQuote').implement({
  description: 'The split a bill would get now, from the person’s current accumulators. Nothing is stored.',
  fields: (t) => ({
    scheme: t.field({ type: SchemeEnum, resolve: (q) => q.scheme }),
    product: t.field({ type: InsuranceProductRef, nullable: true, description: 'The 惠民保 product that pays, if any.', resolve: (q) => q.productId }),
    ...splitFields(t, (q, key) => q.computation[key]),
    reasons: t.field({ type: [PayerReasonRef], resolve: (q) => q.computation.reasons }),
  }),
});

const SettlementEligibilityRef = builder.objectRef<SettlementEligibility>('SettlementEligibility').implement({
  description: 'Whether a person can be covered by the insurer’s product and settled through the hub. Says nothing else about the person.',
  fields: (t) => ({
    eligible: t.exposeBoolean('eligible', {
      nullable: false,
      description: 'Basic insurance active for the product’s year in the product’s region, and the product running.',
    }),
    basicEnrollmentActive: t.exposeBoolean('basicEnrollmentActive', { nullable: false }),
    basicInsuranceRegionMatches: t.exposeBoolean('basicInsuranceRegionMatches', { nullable: false }),
    productEnrolled: t.exposeBoolean('productEnrolled', { nullable: false }),
    consentScopes: t.field({ type: [ConsentScopeEnum], nullable: false, description: 'Scopes the person granted this insurer.', resolve: (e) => e.consentScopes }),
    reasons: t.exposeStringList('reasons', { nullable: false, description: 'What stands in the way, or is still missing for settlement at the counter.' }),
  }),
});

const SettleClaimPayload = builder.objectRef<SettleClaimResult>('SettleClaimPayload').implement({
  fields: (t) => ({
    settlement: t.field({ type: SettlementRef, nullable: false, resolve: (p) => p.settlement }),
    replayed: t.exposeBoolean('replayed', { nullable: false, description: 'True when the idempotency key had already settled this request.' }),
  }),
});

const ReverseSettlementPayload = builder.objectRef<{ settlement: SettlementRow }>('ReverseSettlementPayload').implement({
  fields: (t) => ({
    settlement: t.field({ type: SettlementRef, nullable: false, resolve: (p) => p.settlement }),
  }),
});

builder.queryFields((t) => ({
  quoteSettlement: t.field({
    type: SettlementQuoteRef,
    nullable: false,
    description: 'The payer split of a bill without settling it.',
    args: { input: t.arg({ type: SettlementInput, required: true }) },
    resolve: (_root, { input }, ctx) => quoteSettlement(ctx, input),
  }),
  settlementEligibility: t.field({
    type: SettlementEligibilityRef,
    nullable: false,
    description: 'An insurer’s eligibility check for one of its products; needs the person’s ELIGIBILITY consent.',
    args: { idNumber: t.arg({ type: 'IdNumber', required: true }), productCode: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => settlementEligibility(ctx, args.idNumber, args.productCode),
  }),
}));

builder.mutationFields((t) => ({
  settleClaim: t.field({
    type: SettleClaimPayload,
    description: '一站式结算: split a bill across the payers and store it; idempotent on the key.',
    args: { input: t.arg({ type: SettleClaimInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'SettleClaimResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => settleClaim(ctx, input),
  }),
  reverseSettlement: t.field({
    type: ReverseSettlementPayload,
    description: '冲正: reverse a settlement and restore the person’s accumulators.',
    args: { input: t.arg({ type: ReverseSettlementInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'ReverseSettlementResult' }, directResult: true },
    resolve: async (_root, { input }, ctx) => ({ settlement: await reverseSettlement(ctx, input) }),
  }),
}));
