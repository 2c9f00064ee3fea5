/**
 * `node --import tsx --import ./bench/no-shield/register.mjs src/main.ts` runs the hub exactly as
 * it ships, except that src/server/app.ts receives the schema without graphql-shield (see
 * hooks.mjs and schema.ts beside this file). Used to measure what the authorization layer costs.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
