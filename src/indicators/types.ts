import { builder } from '../graphql/builder.js';
import { MUTATION_ERRORS } from '../graphql/errors.js';
import { regionOf, RegionRef } from '../graphql/region.js';
import { MEASURABILITIES, measurabilityOf, MIN_GROUP, type LiveValue } from './live.js';
import type { ObservationRow } from './loaders.js';
import { assess, listIndicators, liveValueOf, observationsOf, recordIndicatorObservation, type IndicatorItem } from './service.js';
import { COMPARISONS, INDICATOR_STATUSES, type Comparison } from './status.js';

const ComparisonEnum = builder.enumType('IndicatorComparison', {
  description:
    'How a value is held against the target: GTE ≥ / 以上, LTE ≤ / 以内, ABOUT 左右, RANGE a band (6—9个月), EQ a figure to reach (达到), STABLE 稳定在, QUALITATIVE a target in words, NONE no target.',
  values: COMPARISONS,
});

const AttributeEnum = builder.enumType('IndicatorAttribute', {
  description: '约束性 BINDING or 预期性 EXPECTED.',
  values: ['BINDING', 'EXPECTED'] as const,
});

const MeasurabilityEnum = builder.enumType('IndicatorMeasurability', {
  description: 'COMPUTED by the hub from its own data; REPORTED through recorded observations; NOT_MEASURABLE (a target in words).',
  values: MEASURABILITIES,
});

const StatusEnum = builder.enumType('IndicatorStatus', {
  description: 'MET the target; ON_TRACK or OFF_TRACK against the straight path from baseline to target; UNKNOWN without a value or a number to compare.',
  values: INDICATOR_STATUSES,
});

interface SourceShape {
  file: string;
  table: string;
}

const IndicatorSourceRef = builder.objectRef<SourceShape>('IndicatorSource').implement({
  description: 'The source document and table a figure was transcribed from.',
  fields: (t) => ({
    file: t.exposeString('file', { nullable: false }),
    table: t.exposeString('table', { nullable: false }),
  }),
});

const sourceOf = (file: string | null, table: string | null): SourceShape | null => (file && table ? { file, table } : null);

const IndicatorObservationRef = builder.objectRef<ObservationRow>('IndicatorObservation').implement({
  description: 'A figure for a year, as written and parsed: from the documents, or recorded by MEDICAL_SECURITY or a lead department.',
  fields: (t) => ({
    year: t.exposeInt('year', { nullable: false }),
    valueText: t.exposeString('valueText', { nullable: false }),
    value: t.exposeFloat('value', { nullable: true }),
    source: t.field({ type: IndicatorSourceRef, nullable: true, description: 'Null for recorded figures.', resolve: (o) => sourceOf(o.sourceFile, o.sourceTable) }),
    recordedBy: t.exposeString('recordedBy', { nullable: false, description: '`seed` for the documents’ figures, else ROLE:client.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', nullable: false }),
  }),
});

const IndicatorLiveValueRef = builder.objectRef<LiveValue>('IndicatorLiveValue').implement({
  description: 'A value the hub computes from its own data for the period, in the indicator’s unit.',
  fields: (t) => ({
    value: t.exposeFloat('value', { nullable: true, description: 'Null when suppressed, or when there is nothing to divide by.' }),
    asOf: t.field({ type: 'Date', nullable: false, description: 'The day the value describes.', resolve: (v) => v.asOf }),
    numerator: t.exposeFloat('numerator', { nullable: true, description: 'Persons, settlements, institutions, or fen for ratios of money.' }),
    denominator: t.exposeFloat('denominator', { nullable: true }),
    suppressed: t.exposeBoolean('suppressed', {
      nullable: false,
      description: `True when a group of persons behind the value is smaller than ${MIN_GROUP}: the value is withheld, not rounded.`,
    }),
  }),
});

export const IndicatorRef = builder.objectRef<IndicatorItem>('Indicator').implement({
  description: '十四五 plan indicator (主要指标) of a region, with its target, observations, live value and status.',
  fields: (t) => ({
    code: t.string({ nullable: false, resolve: (i) => i.row.code }),
    region: t.field({ type: RegionRef, nullable: false, resolve: (i, _a, ctx) => regionOf(ctx, i.row.regionCode)! }),
    name: t.string({ nullable: false, description: 'As written in the document.', resolve: (i) => i.row.name }),
    nameEn: t.string({ nullable: false, resolve: (i) => i.row.nameEn }),
    category: t.string({ nullable: true, description: 'The table’s section or 专栏, where it has one.', resolve: (i) => i.row.category }),
    unit: t.string({ nullable: true, resolve: (i) => i.row.unit }),
    baselineYear: t.int({ nullable: true, resolve: (i) => i.row.baselineYear }),
    baselineText: t.string({ nullable: true, resolve: (i) => i.row.baselineText }),
    baselineValue: t.float({ nullable: true, resolve: (i) => i.row.baselineValue }),
    targetYear: t.int({ nullable: true, resolve: (i) => i.row.targetYear }),
    targetText: t.string({ nullable: true, description: 'As written, e.g. "45%左右".', resolve: (i) => i.row.targetText }),
    targetValue: t.float({ nullable: true, description: 'The low end for RANGE.', resolve: (i) => i.row.targetValue }),
    targetValueHigh: t.float({ nullable: true, description: 'The high end for RANGE.', resolve: (i) => i.row.targetValueHigh }),
    comparison: t.field({ type: ComparisonEnum, nullable: false, resolve: (i) => i.row.comparison as Comparison }),
    attribute: t.field({ type: AttributeEnum, nullable: true, resolve: (i) => i.row.attribute as 'BINDING' | 'EXPECTED' | null }),
    leadDepartments: t.stringList({ nullable: false, description: '牵头单位 / 责任部门 as written.', resolve: (i) => i.row.leadDepartments }),
    source: t.field({ type: IndicatorSourceRef, nullable: false, resolve: (i) => ({ file: i.row.sourceFile, table: i.row.sourceTable }) }),
    observations: t.field({ type: [IndicatorObservationRef], nullable: false, resolve: (i, _a, ctx) => observationsOf(ctx, i) }),
    measurability: t.field({ type: MeasurabilityEnum, nullable: false, resolve: (i) => measurabilityOf(i.row).measurability }),
    measurabilityNote: t.string({ nullable: false, description: 'Why: the definition computed, or what is missing.', resolve: (i) => measurabilityOf(i.row).note }),
    live: t.field({
      type: IndicatorLiveValueRef,
      nullable: true,
      description: 'The value computed for the period; null when the hub does not compute this indicator (or not for that year).',
      resolve: (i, _a, ctx) => liveValueOf(ctx, i),
    }),
    status: t.field({
      type: StatusEnum,
      nullable: false,
      description: 'Judged on the live value, or without one on the latest observation up to the period year.',
      resolve: async (i, _a, ctx) => (await assess(ctx, i)).status,
    }),
  }),
});

const RecordIndicatorObservationInput = builder.inputType('RecordIndicatorObservationInput', {
  fields: (t) => ({
    indicatorCode: t.string({ required: true }),
    year: t.int({ required: true }),
    valueText: t.string({ required: true, description: 'The figure as written, 1–200 characters.' }),
    value: t.float({ description: 'The figure as a number in the indicator’s unit, where it has one.' }),
  }),
});

const RecordIndicatorObservationPayload = builder
  .objectRef<Awaited<ReturnType<typeof recordIndicatorObservation>>>('RecordIndicatorObservationPayload')
  .implement({
    fields: (t) => ({
      indicator: t.field({ type: IndicatorRef, nullable: false, description: 'The indicator, its status for the recorded year.', resolve: (p) => p.indicator }),
      observation: t.field({ type: IndicatorObservationRef, nullable: false, resolve: (p) => p.observation }),
    }),
  });

builder.queryFields((t) => ({
  indicators: t.field({
    type: [IndicatorRef],
    nullable: false,
    description: 'A region’s plan indicators in table order, with live values and status for `year` (the current year by default). Public.',
    args: { region: t.arg.string({ required: true }), year: t.arg.int() },
    resolve: (_root, args, ctx) => listIndicators(ctx, args.region, args.year),
  }),
}));

builder.mutationFields((t) => ({
  recordIndicatorObservation: t.field({
    type: RecordIndicatorObservationPayload,
    description:
      'Records (or, for the same client and year, replaces) a figure of an indicator: MEDICAL_SECURITY or a lead department of the indicator, in its own regions.',
    args: { input: t.arg({ type: RecordIndicatorObservationInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'RecordIndicatorObservationResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => recordIndicatorObservation(ctx, input),
  }),
}));
