/**
 * Module resolution hook: the hub's src/graphql/schema.ts, when imported by the hub itself,
 * resolves to the benchmark's stand-in (schema.ts here), whose `buildSchema` returns the bare
 * schema. The stand-in's own import of the real module is left alone.
 */
import { URL } from 'node:url';

const REAL = /\/src\/graphql\/schema\.ts$/;
const STAND_IN = new URL('./schema.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (REAL.test(resolved.url) && context.parentURL !== STAND_IN) return { ...resolved, url: STAND_IN, shortCircuit: true };
  return resolved;
}
