import { ConflictError, ConsentRequiredError, type HubError, InputError, NotFoundError } from '../server/errors.js';
import { builder } from './builder.js';

/** Typed errors a mutation payload can carry instead of its data; each has the same code as a top-level error would. */
export const UserErrorInterface = builder.interfaceRef<HubError>('UserError').implement({
  fields: (t) => ({
    message: t.exposeString('message', { nullable: false }),
    code: t.string({ nullable: false, resolve: (e) => e.code }),
  }),
});

builder.objectType(InputError, {
  name: 'InputError',
  interfaces: [UserErrorInterface],
  isTypeOf: (e) => e instanceof InputError,
  fields: (t) => ({ field: t.exposeString('field', { nullable: false, description: 'The offending input field.' }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [UserErrorInterface],
  isTypeOf: (e) => e instanceof NotFoundError,
  fields: (t) => ({ field: t.exposeString('field', { nullable: true }) }),
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
