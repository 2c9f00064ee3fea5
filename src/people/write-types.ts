import { builder } from '../graphql/builder.js';
import { AssistanceCategoryEnum, ContributionPayerEnum } from '../graphql/enums.js';
import { MUTATION_ERRORS, UserErrorInterface } from '../graphql/errors.js';
import {
  BatchRejectedError, endAssistance, MAX_ASSISTANCE_RECORDS, MAX_CONTRIBUTION_RECORDS, recordContributions, registerAssistanceRecipients,
  type AssistanceEndResult, type AssistanceRegistrationResult, type ContributionBatchResult, type RejectedRow,
} from './writes.js';

// Batch records take the ID number as a plain string, checked per record by the service (GB
// 11643): the IdNumber scalar would fail the whole request without saying which record was bad.
const ID_NUMBER_IN_BATCH = '居民身份证号 (18 characters, GB 11643), checked per record so a bad one is reported with its index.';

const RejectedRowRef = builder.objectRef<RejectedRow>('RejectedRow').implement({
  description: 'A refused batch record: its index in input.records, the offending field path, a code and why.',
  fields: (t) => ({
    index: t.exposeInt('index', { nullable: false }),
    field: t.exposeString('field', { nullable: false, description: 'e.g. input.records.4812.idNumber' }),
    code: t.exposeString('code', { nullable: false, description: 'BAD_USER_INPUT, NOT_FOUND or CONFLICT.' }),
    message: t.exposeString('message', { nullable: false }),
  }),
});

builder.objectType(BatchRejectedError, {
  name: 'BatchRejectedError',
  description: 'The batch was refused whole and nothing was written; `rows` names every bad record, `field` the first.',
  interfaces: [UserErrorInterface],
  isTypeOf: (e) => e instanceof BatchRejectedError,
  fields: (t) => ({
    // Nullable like every UserError's field, so union selections of `field` stay compatible.
    field: t.exposeString('field', { nullable: true, description: 'The first rejected record’s field.' }),
    rows: t.field({ type: [RejectedRowRef], nullable: false, resolve: (e) => e.rows }),
  }),
});

const BATCH_ERRORS = [...MUTATION_ERRORS, BatchRejectedError];

// ── recordContributions ──────────────────────────────────────────────────────────────────────

const ContributionRecordInput = builder.inputType('ContributionRecordInput', {
  fields: (t) => ({
    idNumber: t.string({ required: true, description: ID_NUMBER_IN_BATCH }),
    period: t.string({ required: true, description: 'The year (YYYY) or month (YYYY-MM) paid for.' }),
    payer: t.field({ type: ContributionPayerEnum, required: true }),
    amount: t.field({ type: 'Money', required: true }),
    paidDate: t.field({ type: 'Date', required: true }),
  }),
});

const RecordContributionsInput = builder.inputType('RecordContributionsInput', {
  fields: (t) => ({
    records: t.field({ type: [ContributionRecordInput], required: true, description: `At most ${MAX_CONTRIBUTION_RECORDS}.` }),
    partial: t.boolean({
      defaultValue: false,
      description: 'false: one bad record refuses the batch. true: write the valid records and report every rejected one.',
    }),
  }),
});

const RecordContributionsPayload = builder.objectRef<ContributionBatchResult>('RecordContributionsPayload').implement({
  fields: (t) => ({
    received: t.exposeInt('received', { nullable: false }),
    written: t.exposeInt('written', { nullable: false }),
    unchanged: t.exposeInt('unchanged', { nullable: false, description: 'Records already stored with the same amount (re-sends).' }),
    rejected: t.exposeInt('rejected', { nullable: false }),
    rejectedRows: t.field({ type: [RejectedRowRef], nullable: false, resolve: (r) => r.rejectedRows }),
  }),
});

// ── registerAssistanceRecipients / endAssistance ─────────────────────────────────────────────

const AssistanceRecipientInput = builder.inputType('AssistanceRecipientInput', {
  fields: (t) => ({
    idNumber: t.string({ required: true, description: ID_NUMBER_IN_BATCH }),
    category: t.field({ type: AssistanceCategoryEnum, required: true }),
    startDate: t.field({ type: 'Date', required: true }),
    endDate: t.field({ type: 'Date', description: 'Inclusive; omitted while the certification runs.' }),
    certifyingOffice: t.string({ required: true, description: 'The 民政 office that certified the person.' }),
  }),
});

const RegisterAssistanceRecipientsInput = builder.inputType('RegisterAssistanceRecipientsInput', {
  fields: (t) => ({ records: t.field({ type: [AssistanceRecipientInput], required: true, description: `At most ${MAX_ASSISTANCE_RECORDS}.` }) }),
});

const AssistanceEndInput = builder.inputType('AssistanceEndInput', {
  fields: (t) => ({
    idNumber: t.string({ required: true, description: ID_NUMBER_IN_BATCH }),
    category: t.field({ type: AssistanceCategoryEnum, required: true }),
    endDate: t.field({ type: 'Date', required: true, description: 'The last day of the certification (inclusive).' }),
    reason: t.string({ required: true }),
  }),
});

const EndAssistanceInput = builder.inputType('EndAssistanceInput', {
  fields: (t) => ({ records: t.field({ type: [AssistanceEndInput], required: true, description: `At most ${MAX_ASSISTANCE_RECORDS}.` }) }),
});

const RegisterAssistanceRecipientsPayload = builder.objectRef<AssistanceRegistrationResult>('RegisterAssistanceRecipientsPayload').implement({
  fields: (t) => ({
    received: t.exposeInt('received', { nullable: false }),
    created: t.exposeInt('created', { nullable: false, description: 'New assistance records.' }),
    extended: t.exposeInt('extended', { nullable: false, description: 'Stored records whose period grew to take in an overlapping or adjacent one.' }),
    merged: t.exposeInt('merged', { nullable: false, description: 'Stored records folded into another because a new period joined them.' }),
    unchanged: t.exposeInt('unchanged', { nullable: false, description: 'Records whose period was already covered.' }),
    subsidizedEnrollments: t.exposeInt('subsidizedEnrollments', { nullable: false, description: 'Enrollments newly subsidized (资助参保) or raised to a higher subsidy.' }),
  }),
});

const EndAssistancePayload = builder.objectRef<AssistanceEndResult>('EndAssistancePayload').implement({
  fields: (t) => ({
    received: t.exposeInt('received', { nullable: false }),
    ended: t.exposeInt('ended', { nullable: false }),
    unchanged: t.exposeInt('unchanged', { nullable: false, description: 'Records that already ended on that date for that reason.' }),
  }),
});

builder.mutationFields((t) => ({
  recordContributions: t.field({
    type: RecordContributionsPayload,
    description: '缴费: contribution records in a batch; idempotent on (person, period, payer). The enrollment for the year becomes ACTIVE.',
    args: { input: t.arg({ type: RecordContributionsInput, required: true }) },
    errors: { types: BATCH_ERRORS, union: { name: 'RecordContributionsResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => recordContributions(ctx, input),
  }),
  registerAssistanceRecipients: t.field({
    type: RegisterAssistanceRecipientsPayload,
    description:
      '医疗救助对象 in a batch, all-or-nothing. Overlapping or adjacent periods of one person and category merge into one record; ' +
      'different categories are kept side by side. Covered years’ resident enrollments become subsidized (资助参保) at the highest category amount.',
    args: { input: t.arg({ type: RegisterAssistanceRecipientsInput, required: true }) },
    errors: { types: BATCH_ERRORS, union: { name: 'RegisterAssistanceRecipientsResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => registerAssistanceRecipients(ctx, input),
  }),
  endAssistance: t.field({
    type: EndAssistancePayload,
    description: 'Ends running assistance records, all-or-nothing. A year already subsidized stays subsidized.',
    args: { input: t.arg({ type: EndAssistanceInput, required: true }) },
    errors: { types: BATCH_ERRORS, union: { name: 'EndAssistanceResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => endAssistance(ctx, input),
  }),
}));
