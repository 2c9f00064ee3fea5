import { ConflictError, ConsentRequiredError, type HubError, InputError, NotFoundError } from '../server/errors.js';
import { builder } from './builder.js';

/** Typed errors a mutation payload can carry instead of its data; each has the same code as a top-level error would. */
export const UserErrorInterface = builder.interfaceRef<HubError>('UserError').implement({
  fields: (t) => ({
    message: t.exposeString('message', { nullable: false }),
    code: t.string({ nullable: false, resolve: (e) => e.code }),
    field: t.string({
      nullable: true,
      description: 'The offending input field, as a dotted path (with a row index in batches).',
      resolve: (e) => (e instanceof InputError || e instanceof NotFoundError ? e.field : null),
    }),
  }),
});

builder.objectType(InputError, {
  name: 'InputError',
  interfaces: [UserErrorInterface],
  isTypeOf: (e) => e instanceof InputError,
  fields: () => ({}),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [UserErrorInterface],
  isTypeOf: (e) => e instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [UserErrorInterface],
  isTypeOf: (e) => e instanceof ConflictError,
  fields: () => ({}),
});

builder.objectType(ConsentRequiredError, {
  name: 'ConsentRequiredError',
  interfaces: [UserErrorInterface],
  isTypeOf: (e) => e instanceof ConsentRequiredError,
  fields: () => ({}),
});

/** The errors every mutation may return as data. */
export const MUTATION_ERRORS = [InputError, NotFoundError, ConflictError, ConsentRequiredError];
