import { maskIdNumber, maskName, maskPhone } from '../auth/mask.js';
import { reveal } from '../auth/reveal.js';
import { builder } from '../graphql/builder.js';
import {
  AssistanceCategoryEnum, ConsentScopeEnum, ContributionPayerEnum, EnrollmentStatusEnum, GenderEnum, SchemeEnum,
} from '../graphql/enums.js';
import { regionOf, RegionRef } from '../graphql/region.js';
import type { Context } from '../server/context.js';
import { notFound } from '../server/errors.js';
import {
  assistanceByPerson, consentsByPerson, contributionsByPerson, enrollmentsByPerson, loadPersons,
  productEnrollmentsByPerson, type AssistanceRow, type ConsentRow, type ContributionRow, type EnrollmentRow, type PersonRow,
  type ProductEnrollmentRow,
} from './loaders.js';
import { findPersonRecord, partsAsked, prefetchedOf } from './prefetch.js';
import { listPersons, type PersonFilterShape } from './service.js';
import { beijingYear } from '../calendar.js';

export const PersonRef = builder.loadableNodeRef<PersonRow, number, number>('Person', {
  id: { resolve: (p) => p.id, parse: (id) => Number(id) },
  sort: (p) => p.id,
  load: (ids, ctx) => loadPersons(ctx, ids),
});

export const EnrollmentRef = builder.objectRef<EnrollmentRow>('Enrollment');
export const ContributionRef = builder.objectRef<ContributionRow>('Contribution');
export const AssistanceRecordRef = builder.objectRef<AssistanceRow>('AssistanceRecord');
export const ProductEnrollmentRef = builder.objectRef<ProductEnrollmentRow>('ProductEnrollment');
export const ConsentRef = builder.objectRef<ConsentRow>('Consent');

interface SubsidizedShape {
  personId: number;
  year: number;
  subsidized: boolean;
  amount: number | null;
}
export const SubsidizedEnrollmentRef = builder.objectRef<SubsidizedShape>('SubsidizedEnrollment');

const enrollmentsOf = (ctx: Context, p: PersonRow) => prefetchedOf(p)?.enrollments ?? ctx.loaders.get(enrollmentsByPerson).load(p.id);

PersonRef.implement({
  description: '参保人 (insured person).',
  fields: (t) => ({
    region: t.field({ type: RegionRef, resolve: (p, _a, ctx) => regionOf(ctx, p.regionCode) }),
    gender: t.field({ type: GenderEnum, resolve: (p) => p.gender as 'MALE' | 'FEMALE' }),
    birthDate: t.expose('birthDate', { type: 'Date' }),
    idNumber: t.string({ resolve: (p, _a, ctx) => reveal(ctx, 'Person', 'idNumber', p.idNumber, maskIdNumber) }),
    name: t.string({ resolve: (p, _a, ctx) => reveal(ctx, 'Person', 'name', p.name, maskName) }),
    phone: t.string({ resolve: (p, _a, ctx) => (p.phone === null ? null : reveal(ctx, 'Person', 'phone', p.phone, maskPhone)) }),
    enrollments: t.field({
      type: [EnrollmentRef],
      description: 'Basic-insurance enrollment per year: scheme, status, period.',
      resolve: (p, _a, ctx) => enrollmentsOf(ctx, p),
    }),
    contributions: t.field({
      type: [ContributionRef],
      resolve: (p, _a, ctx) => prefetchedOf(p)?.contributions ?? ctx.loaders.get(contributionsByPerson).load(p.id),
    }),
    subsidizedEnrollment: t.field({
      type: SubsidizedEnrollmentRef,
      description: '资助参保 (subsidized enrollment) for a year, the current one by default.',
      args: { year: t.arg.int() },
      resolve: async (p, args, ctx) => {
        const year = args.year ?? beijingYear(ctx.now);
        const e = (await enrollmentsOf(ctx, p)).find((r) => r.year === year);
        return { personId: p.id, year, subsidized: e?.subsidized ?? false, amount: e?.subsidyAmount ?? null };
      },
    }),
    assistance: t.field({
      type: [AssistanceRecordRef],
      description: '医疗救助 recipient records (category, period, certifying office).',
      resolve: (p, _a, ctx) => ctx.loaders.get(assistanceByPerson).load(p.id),
    }),
    productEnrollments: t.field({
      type: [ProductEnrollmentRef],
      description: '惠民保 product enrollments (an insurer sees its own products only).',
      resolve: (p, _a, ctx) => ctx.loaders.get(productEnrollmentsByPerson).load(p.id),
    }),
    consents: t.field({
      type: [ConsentRef],
      description: '授权 consents given to insurers (an insurer sees its own only).',
      resolve: (p, _a, ctx) => ctx.loaders.get(consentsByPerson).load(p.id),
    }),
  }),
});

EnrollmentRef.implement({
  fields: (t) => ({
    year: t.exposeInt('year'),
    region: t.field({ type: RegionRef, resolve: (e, _a, ctx) => regionOf(ctx, e.regionCode) }),
    scheme: t.field({ type: SchemeEnum, resolve: (e) => e.scheme as 'EMPLOYEE' | 'RESIDENT' }),
    status: t.field({ type: EnrollmentStatusEnum, resolve: (e) => e.status as 'ACTIVE' }),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true }),
    subsidized: t.exposeBoolean('subsidized'),
    contributionBase: t.expose('contributionBase', { type: 'Money', nullable: true }),
  }),
});

ContributionRef.implement({
  fields: (t) => ({
    period: t.exposeString('period'),
    payer: t.field({ type: ContributionPayerEnum, resolve: (c) => c.payer as 'INDIVIDUAL' }),
    amount: t.expose('amount', { type: 'Money' }),
    paidDate: t.expose('paidDate', { type: 'Date' }),
  }),
});

SubsidizedEnrollmentRef.implement({
  fields: (t) => ({
    year: t.exposeInt('year'),
    subsidized: t.exposeBoolean('subsidized'),
    amount: t.expose('amount', { type: 'Money', nullable: true }),
  }),
});

AssistanceRecordRef.implement({
  fields: (t) => ({
    category: t.field({ type: AssistanceCategoryEnum, resolve: (a) => a.category as 'SUBSISTENCE' }),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true }),
    certifyingOffice: t.exposeString('certifyingOffice'),
    endReason: t.exposeString('endReason', { nullable: true }),
  }),
});

ProductEnrollmentRef.implement({
  fields: (t) => ({
    insurerCode: t.exposeString('insurerCode'),
    enrolledAt: t.expose('enrolledAt', { type: 'DateTime' }),
    status: t.exposeString('status'),
  }),
});

ConsentRef.implement({
  fields: (t) => ({
    insurerCode: t.exposeString('insurerCode'),
    scopes: t.field({ type: [ConsentScopeEnum], resolve: (c) => c.scopes as ('ELIGIBILITY' | 'SETTLEMENTS')[] }),
    grantedAt: t.expose('grantedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({ resolve: (c, _a, ctx) => c.revokedAt === null && c.expiresAt > ctx.now }),
  }),
});

const PersonFilter = builder.inputRef<PersonFilterShape>('PersonFilter').implement({
  fields: (t) => ({
    region: t.stringList({ description: 'Region codes (统筹区).' }),
    scheme: t.field({ type: SchemeEnum }),
    enrollmentStatus: t.field({ type: EnrollmentStatusEnum }),
    enrollmentYear: t.int(),
    assistanceCategory: t.field({ type: AssistanceCategoryEnum }),
  }),
});

builder.queryFields((t) => ({
  person: t.field({
    type: PersonRef,
    nullable: true,
    description: 'A person by ID number. Out of scope or unknown: null with NOT_FOUND.',
    args: { idNumber: t.arg({ type: 'IdNumber', required: true }) },
    resolve: async (_root, args, ctx, info) => {
      const row = await findPersonRecord(ctx, args.idNumber, partsAsked(info));
      if (!row) throw notFound('Person', 'idNumber');
      return row;
    },
  }),
  persons: t.connection({
    type: PersonRef,
    args: { filter: t.arg({ type: PersonFilter }) },
    resolve: (_root, args, ctx) => listPersons(ctx, args.filter ?? {}, args),
  }),
}));
