import { builder } from '../graphql/builder.js';
import { MUTATION_ERRORS } from '../graphql/errors.js';
import { DEFAULT_VALID_DAYS } from './circulation.js';
import type { PrescriptionRow } from './loaders.js';
import { PrescriptionRef } from './types.js';
import { cancelPrescription, dispensePrescription, issuePrescription } from './writes.js';

const DiagnosisInput = builder.inputType('DiagnosisInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'ICD-10 医保版 code, e.g. E11.900.' }),
    name: t.string({ required: true }),
  }),
});

const PrescriptionItemInput = builder.inputType('PrescriptionItemInput', {
  fields: (t) => ({
    drugCode: t.string({ required: true, description: '医保药品代码 from the catalogue (X… 23 or Z… 20 characters).' }),
    quantity: t.int({ required: true, description: 'Units (boxes) to dispense, 1–100; one drug trace code each.' }),
    usage: t.string({ required: true, description: 'Dosage and usage, as printed on the prescription.' }),
  }),
});

const IssuePrescriptionInput = builder.inputType('IssuePrescriptionInput', {
  description: 'The issuer is always the calling institution.',
  fields: (t) => ({
    idNumber: t.field({ type: 'IdNumber', required: true }),
    diagnosis: t.field({ type: DiagnosisInput, required: true }),
    items: t.field({ type: [PrescriptionItemInput], required: true }),
    validDays: t.int({ defaultValue: DEFAULT_VALID_DAYS, description: '处方有效天数, 1–7.' }),
  }),
});

const DispensePrescriptionInput = builder.inputType('DispensePrescriptionInput', {
  description: '三重认证 (triple verification): the patient’s ID number, the pickup code and one drug trace code per dispensed unit.',
  fields: (t) => ({
    code: t.string({ required: true }),
    idNumber: t.field({ type: 'IdNumber', required: true }),
    pickupCode: t.string({ required: true, description: '取药码, the 6 digits the patient received at issue.' }),
    traceCodes: t.stringList({ required: true, description: '药品追溯码 (20 digits), one per dispensed unit; each is accepted once across the hub.' }),
  }),
});

const CancelPrescriptionInput = builder.inputType('CancelPrescriptionInput', {
  fields: (t) => ({
    code: t.string({ required: true }),
    reason: t.string({ required: true }),
  }),
});

const IssuePrescriptionPayload = builder.objectRef<{ prescription: PrescriptionRow; pickupCode: string }>('IssuePrescriptionPayload').implement({
  fields: (t) => ({
    prescription: t.field({ type: PrescriptionRef, nullable: false, resolve: (p) => p.prescription }),
    pickupCode: t.exposeString('pickupCode', {
      nullable: false,
      description: '取药码 for the patient. Returned here once; the hub keeps only its hash.',
    }),
  }),
});

const PrescriptionPayload = (name: string) =>
  builder.objectRef<{ prescription: PrescriptionRow }>(name).implement({
    fields: (t) => ({ prescription: t.field({ type: PrescriptionRef, nullable: false, resolve: (p) => p.prescription }) }),
  });
const DispensePrescriptionPayload = PrescriptionPayload('DispensePrescriptionPayload');
const CancelPrescriptionPayload = PrescriptionPayload('CancelPrescriptionPayload');

builder.mutationFields((t) => ({
  issuePrescription: t.field({
    type: IssuePrescriptionPayload,
    description: '开方: a hospital or primary-care institution with an active agreement issues an e-prescription.',
    args: { input: t.arg({ type: IssuePrescriptionInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'IssuePrescriptionResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => issuePrescription(ctx, input),
  }),
  dispensePrescription: t.field({
    type: DispensePrescriptionPayload,
    description:
      '取药: a pharmacy dispenses after 三重认证. An unknown code, a wrong ID number and a wrong pickup code give the same NOT_FOUND.',
    args: { input: t.arg({ type: DispensePrescriptionInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'DispensePrescriptionResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => dispensePrescription(ctx, input),
  }),
  cancelPrescription: t.field({
    type: CancelPrescriptionPayload,
    description: '撤销: the issuing institution withdraws a prescription that is still issued and valid.',
    args: { input: t.arg({ type: CancelPrescriptionInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'CancelPrescriptionResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => cancelPrescription(ctx, input),
  }),
}));
