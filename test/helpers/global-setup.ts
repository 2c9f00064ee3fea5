/**
 * On PostgreSQL (DATABASE_URL set), builds one migrated template database with the reference
 * data; each test file then copies it (CREATE DATABASE … TEMPLATE), which is fast and isolated.
 */
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.js';
import { loadReferenceData } from '../../seeds/load.js';

export const TEMPLATE = `yibao_template_${process.pid}`;

export async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEMPLATE}`);
  await admin.unsafe(`create database ${TEMPLATE}`);
  const templateUrl = withDatabase(url, TEMPLATE);
  const database = await openDatabase({ url: templateUrl });
  await loadReferenceData(database);
  await database.close();
  await admin.end();
  provide('pgTemplate', TEMPLATE);
  return async () => {
    const cleanup = postgres(url, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${TEMPLATE} with (force)`);
    await cleanup.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
