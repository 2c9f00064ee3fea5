import type { SettlementComputation } from './settlement/types.js';
import { builder } from '../graphql/builder.js';
import { AssistanceCategoryEnum, EncounterTypeEnum, ItemClassEnum, SchemeEnum } from '../graphql/enums.js';
import { nestedConnection } from '../graphql/nested.js';
import { regionOf, RegionRef } from '../graphql/region.js';
import { InstitutionRef } from '../institutions/types.js';
import { PersonRef } from '../people/types.js';
import { prefetchedOf } from '../people/prefetch.js';
import { DiagnosisRef } from '../prescriptions/types.js';
import { type assistancePolicies, type benefitPolicies, type criticalIllnessPolicies, type insuranceProducts } from '../db/schema/index.js';
import { itemsBySettlement, loadProducts, loadSettlements, settlementsByParent, type SettlementItemRow, type SettlementRow } from './loaders.js';
import { listBenefitPolicies, listProducts, listSettlements, type SettlementFilterShape } from './service.js';

export const SettlementRef = builder.loadableNodeRef<SettlementRow, number, number>('Settlement', {
  id: { resolve: (s) => s.id, parse: (id) => Number(id) },
  sort: (s) => s.id,
  load: (ids, ctx) => loadSettlements(ctx, ids),
});

type ProductShape = typeof insuranceProducts.$inferSelect;
export const InsuranceProductRef = builder.loadableObjectRef<ProductShape, number>('InsuranceProduct', {
  sort: (p) => p.id,
  load: (ids, ctx) => loadProducts(ctx, ids),
});

export const SettlementStatusEnum = builder.enumType('SettlementStatus', { values: ['SETTLED', 'REVERSED'] as const });
export const PayerEnum = builder.enumType('Payer', { values: ['FUND', 'CRITICAL_ILLNESS', 'ASSISTANCE', 'COMMERCIAL', 'SELF'] as const });

export const PayerReasonRef = builder.objectRef<SettlementComputation['reasons'][number]>('PayerReason').implement({
  description: 'Why a payer paid what it did on a bill.',
  fields: (t) => ({
    payer: t.field({ type: PayerEnum, nullable: false, resolve: (r) => r.payer }),
    code: t.exposeString('code', { nullable: false }),
    message: t.exposeString('message', { nullable: false }),
  }),
});

const SettlementItemRef = builder.objectRef<SettlementItemRow>('SettlementItem').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    itemClass: t.field({ type: ItemClassEnum, resolve: (i) => i.itemClass as 'A' }),
    amount: t.expose('amount', { type: 'Money' }),
    specialDrug: t.exposeBoolean('specialDrug'),
  }),
});

/** A bill's split between the payers: the amounts a settlement stores and a quote computes. */
const SPLIT = [
  ['totalAmount', undefined],
  ['policyRangeAmount', undefined],
  ['classBPrepaid', '乙类先行自付.'],
  ['deductiblePaid', '起付线 charged on this bill.'],
  ['fundPaid', '统筹基金 (basic-insurance fund).'],
  ['criticalIllnessPaid', '大病保险.'],
  ['assistancePaid', '医疗救助.'],
  ['commercialPaid', '惠民保.'],
  ['selfPaid', undefined],
] as const satisfies readonly (readonly [keyof SettlementComputation & keyof SettlementRow, string | undefined])[];
type SplitKey = (typeof SPLIT)[number][0];

/** The split's Money fields, the same on Settlement and SettlementQuote. */
export function splitFields<T>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>, amount: (parent: T, key: SplitKey) => number) {
  return Object.fromEntries(SPLIT.map(([key, description]) => [key, t.field({ type: 'Money', description, resolve: (p) => amount(p, key) })]));
}

SettlementRef.implement({
  description: '一站式结算 (one-stop settlement) of a bill, split across payers.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, nullable: true, resolve: (s) => s.personId }),
    institution: t.field({ type: InstitutionRef, nullable: true, resolve: (s) => s.institutionId }),
    region: t.field({ type: RegionRef, resolve: (s, _a, ctx) => regionOf(ctx, s.regionCode) }),
    scheme: t.field({ type: SchemeEnum, resolve: (s) => s.scheme as 'EMPLOYEE' }),
    encounterType: t.field({ type: EncounterTypeEnum, resolve: (s) => s.encounterType as 'INPATIENT' }),
    billDate: t.expose('billDate', { type: 'Date' }),
    settledAt: t.expose('settledAt', { type: 'DateTime' }),
    status: t.field({ type: SettlementStatusEnum, resolve: (s) => s.status as 'SETTLED' }),
    crossProvince: t.exposeBoolean('crossProvince'),
    product: t.field({ type: InsuranceProductRef, nullable: true, resolve: (s) => s.productId }),
    ...splitFields(t, (s, key) => s[key]),
    reasons: t.field({ type: [PayerReasonRef], resolve: (s) => (s.computation as SettlementComputation).reasons }),
    reversedAt: t.expose('reversedAt', { type: 'DateTime', nullable: true }),
    reversalReason: t.exposeString('reversalReason', { nullable: true }),
    diagnosis: t.field({
      type: DiagnosisRef,
      nullable: true,
      resolve: (s) => (s.diagnosisCode ? { code: s.diagnosisCode, name: s.diagnosisName ?? '' } : null),
    }),
    items: t.field({ type: [SettlementItemRef], resolve: (s, _a, ctx) => ctx.loaders.get(itemsBySettlement).load(s.id) }),
  }),
});

builder.objectField(PersonRef, 'settlements', (t) =>
  t.connection({
    type: SettlementRef,
    description: 'The person’s settlements, newest first (first only).',
    resolve: (person, args, ctx, info) =>
      nestedConnection(ctx, info, args, person.id, (limit) => settlementsByParent(ctx, 'personId', limit), prefetchedOf(person)?.settlements),
  }),
);

builder.objectField(InstitutionRef, 'settlements', (t) =>
  t.connection({
    type: SettlementRef,
    description: 'Settlements at the institution, newest first (first only).',
    resolve: (inst, args, ctx, info) =>
      nestedConnection(ctx, info, args, inst.id, (limit) => settlementsByParent(ctx, 'institutionId', limit)),
  }),
);

const ratio = (description?: string) => ({ nullable: false as const, ...(description ? { description } : {}) });

InsuranceProductRef.implement({
  description: '惠民保 (city-customised commercial medical insurance) product and its terms.',
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    insurerCode: t.exposeString('insurerCode', { nullable: false }),
    region: t.field({ type: RegionRef, resolve: (p, _a, ctx) => regionOf(ctx, p.regionCode) }),
    year: t.exposeInt('year', { nullable: false }),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date' }),
    premium: t.expose('premium', { type: 'Money' }),
    deductibleIn: t.field({ type: 'Money', description: 'Yearly deductible on in-catalogue self-pay (医保内).', resolve: (p) => p.deductibleIn }),
    deductibleOut: t.field({ type: 'Money', description: 'Yearly deductible on out-of-catalogue amounts (医保外).', resolve: (p) => p.deductibleOut }),
    ratioIn: t.exposeFloat('ratioIn', ratio()),
    ratioOut: t.exposeFloat('ratioOut', ratio()),
    ratioSpecialDrug: t.exposeFloat('ratioSpecialDrug', ratio('特药 ratio.')),
    annualCap: t.expose('annualCap', { type: 'Money' }),
    coveredEncounterTypes: t.field({ type: [EncounterTypeEnum], resolve: (p) => p.coveredEncounterTypes as 'INPATIENT'[] }),
    status: t.exposeString('status', { nullable: false }),
    isDefault: t.exposeBoolean('isDefault', { nullable: false, description: 'True where the terms are realistic defaults, not published figures.' }),
    sourceNote: t.exposeString('sourceNote', { nullable: true }),
  }),
});

type BasicPolicyRow = typeof benefitPolicies.$inferSelect;
type CriticalPolicyRow = typeof criticalIllnessPolicies.$inferSelect;
type AssistancePolicyRow = typeof assistancePolicies.$inferSelect;

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
interface Sourced {
  sourceFile: string | null;
  sourceNote: string | null;
  isDefault: boolean;
}

/** Where a parameter comes from: a source document, or a realistic default. */
function sourceFields<T extends Sourced>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  return {
    sourceFile: t.string({ nullable: true, description: 'The source document the figure comes from.', resolve: (p) => p.sourceFile }),
    sourceNote: t.string({ nullable: true, resolve: (p) => p.sourceNote }),
    isDefault: t.boolean({ nullable: false, description: 'True where no document states the figure.', resolve: (p) => p.isDefault }),
  };
}

const BenefitPolicyRef = builder.objectRef<BasicPolicyRow>('BenefitPolicy').implement({
  description: '统筹基金 parameters for a scheme, encounter type and institution level.',
  fields: (t) => ({
    scheme: t.field({ type: SchemeEnum, resolve: (p) => p.scheme as 'EMPLOYEE' }),
    encounterType: t.field({ type: EncounterTypeEnum, resolve: (p) => p.encounterType as 'INPATIENT' }),
    institutionLevel: t.exposeInt('institutionLevel', { nullable: true }),
    deductible: t.field({ type: 'Money', description: '起付线.', resolve: (p) => p.deductible }),
    ratio: t.exposeFloat('ratio', ratio('Fund ratio.')),
    classBSelfPayShare: t.exposeFloat('classBSelfPayShare', ratio('乙类先行自付 share.')),
    annualCap: t.field({ type: 'Money', description: '封顶线.', resolve: (p) => p.annualCap }),
    ...sourceFields(t),
  }),
});

const CriticalIllnessSegmentRef = builder.objectRef<{ upToFen: number | null; ratio: number }>('CriticalIllnessSegment').implement({
  fields: (t) => ({
    upTo: t.expose('upToFen', { type: 'Money', nullable: true }),
    ratio: t.exposeFloat('ratio', ratio()),
  }),
});

const CriticalIllnessPolicyRef = builder.objectRef<CriticalPolicyRow>('CriticalIllnessPolicy').implement({
  description: '大病保险 parameters.',
  fields: (t) => ({
    scheme: t.field({ type: SchemeEnum, resolve: (p) => p.scheme as 'EMPLOYEE' }),
    threshold: t.expose('threshold', { type: 'Money' }),
    segments: t.field({ type: [CriticalIllnessSegmentRef], resolve: (p) => p.segments }),
    annualCap: t.expose('annualCap', { type: 'Money', nullable: true }),
    thresholdFactor: t.exposeFloat('thresholdFactor', ratio('Threshold factor for assistance recipients.')),
    ratioBonus: t.exposeFloat('ratioBonus', ratio('Ratio bonus for assistance recipients.')),
    ...sourceFields(t),
  }),
});

const AssistancePolicyRef = builder.objectRef<AssistancePolicyRow>('AssistancePolicy').implement({
  description: '医疗救助 parameters for a recipient category.',
  fields: (t) => ({
    category: t.field({ type: AssistanceCategoryEnum, resolve: (p) => p.category as 'SUBSISTENCE' }),
    ratio: t.exposeFloat('ratio', ratio()),
    annualCap: t.expose('annualCap', { type: 'Money' }),
    subsidyAmount: t.field({ type: 'Money', description: '资助参保 amount.', resolve: (p) => p.subsidyAmount }),
    ...sourceFields(t),
  }),
});

const BenefitPoliciesRef = builder.objectRef<Awaited<ReturnType<typeof listBenefitPolicies>>>('BenefitPolicies').implement({
  description: 'Every benefit parameter of a pooling region for a year.',
  fields: (t) => ({
    region: t.field({ type: RegionRef, resolve: (p, _a, ctx) => regionOf(ctx, p.region) }),
    year: t.exposeInt('year', { nullable: false }),
    basic: t.field({ type: [BenefitPolicyRef], resolve: (p) => p.basic }),
    criticalIllness: t.field({ type: [CriticalIllnessPolicyRef], resolve: (p) => p.critical }),
    assistance: t.field({ type: [AssistancePolicyRef], resolve: (p) => p.assistance }),
  }),
});

const SettlementFilter = builder.inputRef<SettlementFilterShape>('SettlementFilter').implement({
  fields: (t) => ({
    region: t.stringList(),
    institutionCode: t.string(),
    encounterType: t.field({ type: EncounterTypeEnum }),
    status: t.field({ type: SettlementStatusEnum }),
    billDateFrom: t.field({ type: 'Date' }),
    billDateTo: t.field({ type: 'Date' }),
  }),
});

builder.queryFields((t) => ({
  settlements: t.connection({
    type: SettlementRef,
    args: { filter: t.arg({ type: SettlementFilter }) },
    resolve: (_root, args, ctx) => listSettlements(ctx, args.filter ?? {}, args),
  }),
  insuranceProducts: t.field({
    type: [InsuranceProductRef],
    nullable: false,
    description: '惠民保 products, optionally of one region. Public.',
    args: { region: t.arg.string() },
    resolve: async (_root, args, ctx) => (await listProducts(ctx, args.region)).map((r) => r.product),
  }),
  benefitPolicies: t.field({
    type: BenefitPoliciesRef,
    nullable: false,
    description: 'Benefit parameters of a pooling region for a year. Public.',
    args: { region: t.arg.string({ required: true }), year: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => listBenefitPolicies(ctx, args.region, args.year),
  }),
}));

