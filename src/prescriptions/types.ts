import { prescriptionItems, prescriptions } from '../db/schema/index.js';
import { builder } from '../graphql/builder.js';
import { selectedFields, selectedNodeFields } from '../graphql/lookahead.js';
import { columnChooser } from '../server/loaders.js';
import { PrescriptionStatusEnum } from '../graphql/enums.js';
import { nestedConnection } from '../graphql/nested.js';
import { DrugRef, drugColumnsOf, drugOf, InstitutionRef } from '../institutions/types.js';
import { PersonRef } from '../people/types.js';
import { notFound } from '../server/errors.js';
import {
  eventsByPrescription, itemsByPrescription, loadPrescriptions, prescriptionsByParent,
  type PrescriptionEventRow, type PrescriptionItemRow, type PrescriptionRow,
} from './loaders.js';
import { findPrescription, listPrescriptions, type PrescriptionFilterShape } from './service.js';

type PrescriptionColumn = keyof PrescriptionRow & string;
type ItemColumn = Exclude<keyof PrescriptionItemRow & string, 'drug'>;

/**
 * The columns each field below reads from its row, so that a nested list reads only what its
 * query selects (server/loaders.ts `columnsFor`): a field missing here makes the list read whole
 * rows. Always read: the id, the parents a list groups by, and the person the prescription is
 * about, whom audit, consent and masks need whatever is selected.
 */
const PRESCRIPTION_COLUMNS: Record<string, readonly PrescriptionColumn[]> = {
  __typename: [], id: [], code: ['code'], patient: ['personId'], issuer: ['issuerId'], dispenser: ['dispenserId'],
  diagnosis: ['diagnosisCode', 'diagnosisName'], status: ['status', 'validUntil'], issuedAt: ['issuedAt'], validUntil: ['validUntil'],
  dispensedAt: ['dispensedAt'], items: [], history: [],
};
const PRESCRIPTION_ALWAYS: readonly PrescriptionColumn[] = ['id', 'personId', 'issuerId', 'dispenserId'];
const ITEM_COLUMNS: Record<string, readonly ItemColumn[]> = {
  __typename: [], drug: ['drugId'], quantity: ['quantity'], unitPrice: ['unitPrice'], amount: ['amount'], usage: ['usage'],
};
const ITEM_ALWAYS: readonly ItemColumn[] = ['id', 'prescriptionId'];

const prescriptionColumns = columnChooser(prescriptions, PRESCRIPTION_COLUMNS, PRESCRIPTION_ALWAYS);
const itemColumns = columnChooser(prescriptionItems, ITEM_COLUMNS, ITEM_ALWAYS);

export const PrescriptionRef = builder.loadableNodeRef<PrescriptionRow, number, number>('Prescription', {
  id: { resolve: (p) => p.id, parse: (id) => Number(id) },
  sort: (p) => p.id,
  load: (ids, ctx) => loadPrescriptions(ctx, ids),
});

export interface DiagnosisShape {
  code: string;
  name: string;
}
/** An ICD-10 医保版 diagnosis; shown only where the parent's `diagnosis` cell allows. */
export const DiagnosisRef = builder.objectRef<DiagnosisShape>('Diagnosis').implement({
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
  }),
});

const PrescriptionItemRef = builder.objectRef<PrescriptionItemRow>('PrescriptionItem').implement({
  fields: (t) => ({
    drug: t.field({ type: DrugRef, resolve: (i, _a, ctx, info) => i.drug ?? drugOf(ctx, info, i.drugId) }),
    quantity: t.exposeInt('quantity'),
    unitPrice: t.expose('unitPrice', { type: 'Money' }),
    amount: t.expose('amount', { type: 'Money' }),
    usage: t.exposeString('usage'),
  }),
});

const PrescriptionEventRef = builder.objectRef<PrescriptionEventRow>('PrescriptionEvent').implement({
  fields: (t) => ({
    status: t.field({ type: PrescriptionStatusEnum, resolve: (e) => e.status as 'ISSUED' }),
    at: t.expose('at', { type: 'DateTime' }),
    institution: t.field({ type: InstitutionRef, nullable: true, resolve: (e) => e.institutionId }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

PrescriptionRef.implement({
  description: '电子处方 (electronic prescription) and its circulation (流转).',
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    patient: t.field({ type: PersonRef, nullable: true, resolve: (p) => p.personId }),
    issuer: t.field({ type: InstitutionRef, nullable: true, resolve: (p) => p.issuerId }),
    dispenser: t.field({ type: InstitutionRef, nullable: true, resolve: (p) => p.dispenserId }),
    diagnosis: t.field({ type: DiagnosisRef, resolve: (p) => ({ code: p.diagnosisCode, name: p.diagnosisName }) }),
    status: t.field({ type: PrescriptionStatusEnum, resolve: (p, _a, ctx) => (p.status === 'ISSUED' && p.validUntil <= ctx.now ? 'EXPIRED' : (p.status as 'ISSUED')) }),
    issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
    validUntil: t.expose('validUntil', { type: 'DateTime' }),
    dispensedAt: t.expose('dispensedAt', { type: 'DateTime', nullable: true }),
    items: t.field({
      type: [PrescriptionItemRef],
      resolve: (p, _a, ctx, info) =>
        ctx.loaders.forField(info, () => {
          const selected = selectedFields(info);
          return itemsByPrescription(ctx, itemColumns(selected.keys()), drugColumnsOf(info, selected.get('drug')));
        }).load(p.id),
    }),
    history: t.field({ type: [PrescriptionEventRef], resolve: (p, _a, ctx) => ctx.loaders.get(eventsByPrescription).load(p.id) }),
  }),
});

builder.objectField(PersonRef, 'prescriptions', (t) =>
  t.connection({
    type: PrescriptionRef,
    description: 'The person’s prescriptions, newest first (first only).',
    resolve: (person, args, ctx, info) =>
      nestedConnection(ctx, info, args, person.id, (limit) => prescriptionsByParent(ctx, 'personId', limit, prescriptionColumns(selectedNodeFields(info).keys()))),
  }),
);

const InstitutionPrescriptionRole = builder.enumType('InstitutionPrescriptionRole', { values: ['ISSUED', 'DISPENSED'] as const });

builder.objectField(InstitutionRef, 'prescriptions', (t) =>
  t.connection({
    type: PrescriptionRef,
    description: 'Prescriptions issued (default) or dispensed by the institution, newest first (first only).',
    args: { role: t.arg({ type: InstitutionPrescriptionRole }) },
    resolve: (inst, args, ctx, info) =>
      nestedConnection(ctx, info, args, inst.id, (limit) =>
        prescriptionsByParent(ctx, args.role === 'DISPENSED' ? 'dispenserId' : 'issuerId', limit, prescriptionColumns(selectedNodeFields(info).keys())),
      ),
  }),
);

const PrescriptionFilter = builder.inputRef<PrescriptionFilterShape>('PrescriptionFilter').implement({
  fields: (t) => ({
    region: t.stringList(),
    status: t.field({ type: PrescriptionStatusEnum }),
    issuerCode: t.string(),
    dispenserCode: t.string(),
    diagnosisCode: t.string(),
    issuedFrom: t.field({ type: 'Date' }),
    issuedTo: t.field({ type: 'Date' }),
  }),
});

builder.queryFields((t) => ({
  prescription: t.field({
    type: PrescriptionRef,
    nullable: true,
    description: 'A prescription by code; a pharmacy presenting it for dispensing adds the pickup code.',
    args: { code: t.arg.string({ required: true }), pickupCode: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const row = await findPrescription(ctx, args.code, args.pickupCode ?? null);
      if (!row) throw notFound('Prescription', 'code');
      return row;
    },
  }),
  prescriptions: t.connection({
    type: PrescriptionRef,
    args: { filter: t.arg({ type: PrescriptionFilter }) },
    resolve: (_root, args, ctx) => listPrescriptions(ctx, args.filter ?? {}, args),
  }),
}));
