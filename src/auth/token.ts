import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Config } from '../config.js';
import { unauthenticated } from '../server/errors.js';
import { ROLES, type Principal } from './principal.js';

const REGION = z.string().regex(/^\d{6}$/);

const Claims = z
  .object({
    sub: z.string().min(1).max(128),
    role: z.enum(ROLES),
    regions: z.array(REGION).max(50).default([]),
    insurer: z.string().regex(/^[A-Z0-9-]{2,16}$/).optional(),
    institution: z.string().regex(/^[HP]\d{11}$/).optional(),
  })
  .superRefine((c, ctx) => {
    const need = (ok: boolean, message: string) => ok || ctx.addIssue({ code: 'custom', message });
    if (c.role === 'INSURER') need(!!c.insurer, 'INSURER tokens carry an insurer code');
    else if (c.role === 'INSTITUTION') need(!!c.institution, 'INSTITUTION tokens carry an institution code');
    else need(c.regions.length > 0, 'agency tokens carry at least one region');
  });

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * How long a verified token is taken on trust without checking its signature again: partners
 * send the same token for up to an hour, and the check is a measurable share of a request. Short,
 * so a signing key withdrawn from the JWKS stops working within a minute; never past `exp`.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

/**
 * Verifies bearer tokens: HS256 with AUTH_SECRET by default, or an asymmetric key (PEM public key
 * or a JWKS URL) in production. Any failure — bad signature, expiry, audience, issuer, claims —
 * is the same UNAUTHENTICATED answer, so a probe learns nothing about why.
 */
export async function createTokenVerifier(config: Config): Promise<TokenVerifier> {
  let key: Uint8Array | CryptoKey | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.AUTH_JWKS_URL) {
    key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
    algorithms = ['RS256', 'ES256', 'EdDSA'];
  } else if (config.AUTH_PUBLIC_KEY) {
    const pem = config.AUTH_PUBLIC_KEY.trim();
    key = pem.startsWith('{') ? createLocalJWKSet(JSON.parse(pem)) : await importSPKI(pem, 'ES256');
    algorithms = ['RS256', 'ES256', 'EdDSA'];
  } else {
    key = new TextEncoder().encode(config.authSecret);
    algorithms = ['HS256'];
  }
  // Keyed by the whole token: a hit is the very string whose signature was checked.
  const verified = new LRUCache<string, { principal: Principal; until: number }>({ max: VERIFIED_MAX });
  return {
    async verify(token) {
      const now = Date.now();
      const hit = verified.get(token);
      if (hit && now < hit.until) return hit.principal;
      try {
        const { payload } = await jwtVerify(token, key as Uint8Array, {
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          algorithms,
          requiredClaims: ['exp', 'sub'],
        });
        const claims = Claims.parse(payload);
        const principal: Principal = Object.freeze({
          clientId: claims.sub,
          role: claims.role,
          regions: Object.freeze([...claims.regions]),
          insurerCode: claims.insurer ?? null,
          institutionCode: claims.institution ?? null,
        });
        verified.set(token, { principal, until: Math.min(now + VERIFIED_TTL_MS, payload.exp! * 1000) });
        return principal;
      } catch {
        throw unauthenticated('Invalid or expired token');
      }
    },
  };
}

export interface TokenRequest {
  role: Principal['role'];
  clientId?: string;
  regions?: string[];
  insurer?: string;
  institution?: string;
  ttlSeconds?: number;
}

/** Signs a development token with AUTH_SECRET (HS256). */
export async function signToken(config: Pick<Config, 'authSecret' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>, req: TokenRequest): Promise<string> {
  const claims = Claims.parse({
    sub: req.clientId ?? `${req.role.toLowerCase()}-${req.insurer ?? req.institution ?? req.regions?.join('-') ?? 'client'}`,
    role: req.role,
    regions: req.regions ?? [],
    insurer: req.insurer,
    institution: req.institution,
  });
  return new SignJWT({ role: claims.role, regions: claims.regions, insurer: claims.insurer, institution: claims.institution })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (req.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(config.authSecret));
}
