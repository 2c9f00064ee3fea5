import { InstitutionRef } from '../institutions/types.js';
import { findInstitutionByCode } from '../institutions/loaders.js';
import { principalOf } from '../server/context.js';
import type { Principal } from '../auth/principal.js';
import { builder } from './builder.js';
import { RoleEnum } from './enums.js';
import { regionOf, RegionRef } from './region.js';

const ViewerRef = builder.objectRef<Principal>('Viewer').implement({
  description: 'The calling partner system and the scope its credential grants.',
  fields: (t) => ({
    clientId: t.exposeString('clientId', { nullable: false }),
    role: t.field({ type: RoleEnum, nullable: false, resolve: (p) => p.role }),
    regions: t.field({ type: [RegionRef], nullable: false, resolve: (p, _a, ctx) => p.regions.map((r) => regionOf(ctx, r)!).filter(Boolean) }),
    insurerCode: t.exposeString('insurerCode', { nullable: true }),
    institution: t.field({
      type: InstitutionRef,
      nullable: true,
      resolve: (p, _a, ctx) => (p.institutionCode ? findInstitutionByCode(ctx, p.institutionCode) : null),
    }),
  }),
});

builder.queryField('viewer', (t) => t.field({ type: ViewerRef, nullable: false, resolve: (_r, _a, ctx) => principalOf(ctx) }));
