/**
 * Trusted documents (persisted operations): the manifest maps sha256 hashes to the operations
 * our own clients were generated with (codegen writes it). A client may send the hash alone;
 * roles listed in TRUSTED_DOCUMENTS_ROLES may run nothing else.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Role } from '../auth/principal.js';

export interface TrustedDocuments {
  size: number;
  lookup(hash: string): string | undefined;
  /** Whether this role must use registered operations only. */
  enforcedFor(role: Role | undefined): boolean;
  isTrusted(query: string): boolean;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function loadTrustedDocuments(file: string, enforcedRoles: readonly string[]): TrustedDocuments {
  const manifest: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  // Codegen writes keys as "sha256:<hex>"; clients send the bare hex, as Apollo's APQ does.
  const byHash = new Map(Object.entries(manifest).map(([k, v]) => [k.replace(/^sha256:/, ''), v]));
  return {
    size: byHash.size,
    lookup: (hash) => byHash.get(hash),
    enforcedFor: (role) => !!role && enforcedRoles.includes(role),
    isTrusted: (query) => byHash.has(sha256(query)),
  };
}
