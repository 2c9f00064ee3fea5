import { builder } from './builder.js';

export interface RegionShape {
  code: string;
  name: string;
  nameEn: string;
  province: string;
}

/** A pooling area (统筹区). Reference data, held in memory by the hub. */
export const RegionRef = builder.objectRef<RegionShape>('Region').implement({
  fields: (t) => ({
    code: t.exposeString('code', { nullable: false }),
    name: t.exposeString('name', { nullable: false }),
    nameEn: t.exposeString('nameEn', { nullable: false }),
    province: t.exposeString('province', { nullable: false }),
  }),
});

builder.queryField('regions', (t) =>
  t.field({
    type: [RegionRef],
    nullable: false,
    description: 'The pooling areas the hub serves.',
    resolve: (_root, _args, ctx) => [...ctx.hub.regions.values()],
  }),
);

/** Resolves a region code to its object; codes come from our own rows, so it is always known. */
export function regionOf(ctx: { hub: { regions: Map<string, RegionShape> } }, code: string): RegionShape | null {
  return ctx.hub.regions.get(code) ?? null;
}
