import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { drugs, institutions } from '../db/schema/index.js';
import { builder } from '../graphql/builder.js';
import { selectedFields, selectedNodeFields } from '../graphql/lookahead.js';
import type { Context } from '../server/context.js';
import { columnChooser } from '../server/loaders.js';
import { MUTATION_ERRORS } from '../graphql/errors.js';
import { setInstitutionAgreement } from './writes.js';
import { AgreementStatusEnum, InstitutionKindEnum, ItemClassEnum, OwnershipEnum, PaymentMethodEnum } from '../graphql/enums.js';
import { regionOf, RegionRef } from '../graphql/region.js';
import { badInput, notFound } from '../server/errors.js';
import { drugsById, findInstitutionByCode, loadDrugs, loadInstitutions, violationsByInstitution, type DrugRow, type InstitutionRow, type ViolationRow } from './loaders.js';
import { listDrugs, listInstitutions, type DrugFilterShape, type InstitutionFilterShape } from './service.js';

const INSTITUTION_CODE = /^[HP]\d{11}$/;

export const InstitutionRef = builder.loadableNodeRef<InstitutionRow, number, number>('Institution', {
  id: { resolve: (i) => i.id, parse: (id) => Number(id) },
  sort: (i) => i.id,
  load: (ids, ctx) => loadInstitutions(ctx, ids),
});

type DrugColumn = keyof DrugRow & string;

/** The columns each Drug field reads (see prescriptions/types.ts `PRESCRIPTION_COLUMNS`). */
const DRUG_COLUMNS: Record<string, readonly DrugColumn[]> = {
  __typename: [], code: ['code'], name: ['name'], dosageForm: ['dosageForm'], itemClass: ['itemClass'], dualChannel: ['dualChannel'],
  negotiated: ['negotiated'], volumeProcurement: ['volumeProcurement'], specialDrug: ['specialDrug'], unitPrice: ['unitPrice'],
};

const drugColumns = columnChooser<typeof drugs, DrugColumn>(drugs, DRUG_COLUMNS, ['id']);

type InstitutionColumn = keyof InstitutionRow & string;

/** The columns each Institution field reads, so the list reads only what its query selects (as `DRUG_COLUMNS`). */
const INSTITUTION_COLUMNS: Record<string, readonly InstitutionColumn[]> = {
  __typename: [], id: [], code: ['code'], name: ['name'], kind: ['kind'], level: ['level'], ownership: ['ownership'], region: ['regionCode'],
  agreementStatus: ['agreementStatus'], paymentMethod: ['paymentMethod'], crossProvinceLinked: ['crossProvinceLinked'],
  dualChannel: ['dualChannel'], creditScore: ['creditScore'], violations: [], prescriptions: [], settlements: [],
};

const institutionColumns = columnChooser<typeof institutions, InstitutionColumn>(institutions, INSTITUTION_COLUMNS, ['id']);

/** The drug a row refers to, read with the columns the query selects on it. */
export function drugOf(ctx: Context, info: GraphQLResolveInfo, id: number) {
  return ctx.loaders.forField(info, () => drugsById(ctx, drugColumns(selectedFields(info).keys()))).load(id);
}

/** The drug columns a selection of `drug` fields (`nodes`) reads; `[]` when there is none. */
export function drugColumnsOf(info: GraphQLResolveInfo, nodes: readonly FieldNode[] | undefined): DrugColumn[] | null {
  return nodes ? drugColumns(selectedFields(info, nodes).keys()) : [];
}

export const DrugRef = builder.loadableObjectRef<DrugRow, number>('Drug', {
  sort: (d) => d.id,
  load: (ids, ctx) => loadDrugs(ctx, ids),
});

const ViolationRef = builder.objectRef<ViolationRow>('Violation').implement({
  fields: (t) => ({
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    description: t.exposeString('description'),
    pointsDeducted: t.exposeInt('pointsDeducted'),
  }),
});

InstitutionRef.implement({
  description: '定点医药机构 (designated hospital, primary-care institution or pharmacy).',
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name'),
    kind: t.field({ type: InstitutionKindEnum, resolve: (i) => i.kind as 'HOSPITAL' }),
    level: t.exposeInt('level', { nullable: true, description: '一/二/三级 (1–3); null for pharmacies.' }),
    ownership: t.field({ type: OwnershipEnum, resolve: (i) => i.ownership as 'PUBLIC' }),
    region: t.field({ type: RegionRef, resolve: (i, _a, ctx) => regionOf(ctx, i.regionCode) }),
    agreementStatus: t.field({ type: AgreementStatusEnum, resolve: (i) => i.agreementStatus as 'ACTIVE' }),
    paymentMethod: t.field({ type: PaymentMethodEnum, resolve: (i) => i.paymentMethod as 'DRG' }),
    crossProvinceLinked: t.exposeBoolean('crossProvinceLinked'),
    dualChannel: t.exposeBoolean('dualChannel', { description: 'Designated for 双通道 negotiated drugs.' }),
    creditScore: t.exposeInt('creditScore', { nullable: true, description: '医保信用 score.' }),
    violations: t.field({ type: [ViolationRef], resolve: (i, _a, ctx) => ctx.loaders.get(violationsByInstitution).load(i.id) }),
  }),
});

DrugRef.implement({
  description: '医保药品目录 entry.',
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name'),
    dosageForm: t.exposeString('dosageForm'),
    itemClass: t.field({ type: ItemClassEnum, resolve: (d) => d.itemClass as 'A' }),
    dualChannel: t.exposeBoolean('dualChannel'),
    negotiated: t.exposeBoolean('negotiated'),
    volumeProcurement: t.exposeBoolean('volumeProcurement'),
    specialDrug: t.exposeBoolean('specialDrug'),
    unitPrice: t.expose('unitPrice', { type: 'Money' }),
  }),
});

const InstitutionFilter = builder.inputRef<InstitutionFilterShape>('InstitutionFilter').implement({
  fields: (t) => ({
    region: t.stringList(),
    kind: t.field({ type: InstitutionKindEnum }),
    level: t.int(),
    agreementStatus: t.field({ type: AgreementStatusEnum }),
    paymentMethod: t.field({ type: PaymentMethodEnum }),
    crossProvinceLinked: t.boolean(),
    minCreditScore: t.int(),
  }),
});

const DrugFilter = builder.inputRef<DrugFilterShape>('DrugFilter').implement({
  fields: (t) => ({
    name: t.string(),
    itemClass: t.field({ type: ItemClassEnum }),
    dualChannel: t.boolean(),
    specialDrug: t.boolean(),
  }),
});

builder.queryFields((t) => ({
  institution: t.field({
    type: InstitutionRef,
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      if (!INSTITUTION_CODE.test(args.code)) throw badInput('code', 'Institution code is H or P followed by 11 digits');
      const row = await findInstitutionByCode(ctx, args.code);
      if (!row) throw notFound('Institution', 'code');
      return row;
    },
  }),
  institutions: t.connection({
    type: InstitutionRef,
    args: { filter: t.arg({ type: InstitutionFilter }) },
    resolve: (_root, args, ctx, info) => listInstitutions(ctx, args.filter ?? {}, args, institutionColumns(selectedNodeFields(info).keys())),
  }),
  drugs: t.connection({
    type: DrugRef,
    args: { filter: t.arg({ type: DrugFilter }) },
    resolve: (_root, args, ctx) => listDrugs(ctx, args.filter ?? {}, args),
  }),
}));

const SetInstitutionAgreementInput = builder.inputType('SetInstitutionAgreementInput', {
  fields: (t) => ({
    code: t.string({ required: true }),
    agreementStatus: t.field({ type: AgreementStatusEnum, required: true }),
    creditScore: t.int(),
    reason: t.string({ required: true }),
  }),
});

builder.mutationField('setInstitutionAgreement', (t) =>
  t.field({
    type: InstitutionRef,
    description: '协议管理: suspend, terminate or restore an institution’s agreement (MEDICAL_SECURITY, own regions).',
    args: { input: t.arg({ type: SetInstitutionAgreementInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'SetInstitutionAgreementResult' }, result: { name: 'SetInstitutionAgreementPayload' }, dataField: { name: 'institution' } },
    resolve: (_root, { input }, ctx) => setInstitutionAgreement(ctx, input),
  }),
);
