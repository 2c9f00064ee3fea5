import { builder } from '../graphql/builder.js';
import { MUTATION_ERRORS } from '../graphql/errors.js';
import type { ProductEnrollmentRow } from '../people/loaders.js';
import { ProductEnrollmentRef } from '../people/types.js';
import { enrollInProduct } from './enroll.js';

const EnrollInProductInput = builder.inputType('EnrollInProductInput', {
  fields: (t) => ({
    idNumber: t.field({ type: 'IdNumber', required: true }),
    productCode: t.string({ required: true }),
  }),
});

const EnrollInProductPayload = builder
  .objectRef<{ enrollment: ProductEnrollmentRow; productCode: string; alreadyEnrolled: boolean }>('EnrollInProductPayload')
  .implement({
    description: 'The enrollment only: the payload tells the insurer nothing else about the person.',
    fields: (t) => ({
      enrollment: t.field({ type: ProductEnrollmentRef, nullable: false, resolve: (p) => p.enrollment }),
      productCode: t.exposeString('productCode', { nullable: false }),
      alreadyEnrolled: t.exposeBoolean('alreadyEnrolled', { nullable: false, description: 'True when the person was already enrolled; no enrollment was created.' }),
    }),
  });

builder.mutationFields((t) => ({
  enrollInProduct: t.field({
    type: EnrollInProductPayload,
    description: '惠民保 enrollment by the insurer running the product; the person must hold active basic insurance in its region.',
    args: { input: t.arg({ type: EnrollInProductInput, required: true }) },
    errors: { types: MUTATION_ERRORS, union: { name: 'EnrollInProductResult' }, directResult: true },
    resolve: (_root, { input }, ctx) => enrollInProduct(ctx, input),
  }),
}));
