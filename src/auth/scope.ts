/**
 * Row scope: which records a principal reaches, as SQL conditions that every loader and list
 * query includes in its WHERE. A record outside the scope is never fetched, so it behaves
 * exactly like a missing one — in lookups, lists, node(id) and nested relations alike.
 */
import { and, eq, inArray, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { consents, institutions, persons, prescriptions, productEnrollments, settlements } from '../db/schema/index.js';
import type { ConsentScope } from './policy.js';
import type { Principal } from './principal.js';

const NOTHING = sql`false`;

/**
 * The instant a scope is judged at (consents expire): the request's time, or a statement
 * parameter standing for it in a statement prepared once for many requests.
 */
export type Instant = Date | Placeholder;
const at = (now: Instant) => (now instanceof Date ? now.toISOString() : now);

/**
 * The part of a principal that decides its row scope: the fragments below read nothing else, so
 * principals with equal views get the same SQL from every one of them (apart from the instant)
 * and a statement prepared for one serves the other (server/loaders.ts `preparedScoped`).
 */
export type ScopeView = Pick<Principal, 'role' | 'regions' | 'institutionCode' | 'insurerCode'>;

export const scopeView = (p: ScopeView): ScopeView => ({ role: p.role, regions: p.regions, institutionCode: p.institutionCode, insurerCode: p.insurerCode });

export function scopeKey(p: ScopeView): string {
  return JSON.stringify([p.role, p.regions, p.institutionCode, p.insurerCode]);
}

/** The calling institution's id, resolved inside the statement so no extra round trip is needed. */
const ownInstitutionId = (p: ScopeView) => sql`(select ${institutions.id} from ${institutions} where ${institutions.code} = ${p.institutionCode})`;

/** A consent row in force for an insurer at an instant: not revoked, not expired. */
export function consentInForce(insurerCode: string | AnyPgColumn, now: Instant): SQL {
  return and(eq(consents.insurerCode, insurerCode), isNull(consents.revokedAt), sql`${consents.expiresAt} > ${at(now)}`)!;
}

/** An active, unexpired consent of the person for the calling insurer, optionally covering a scope. */
export function activeConsent(p: ScopeView, personId: AnyPgColumn | SQL, now: Instant, scope?: ConsentScope): SQL {
  const conditions = [eq(consents.personId, personId as AnyPgColumn), consentInForce(p.insurerCode ?? '', now)];
  if (scope) conditions.push(sql`${consents.scopes} @> array[${scope}]::text[]`);
  return sql`exists (select 1 from ${consents} where ${and(...conditions)})`;
}

/** Enrolled in one of the calling insurer's products. */
function enrolledWithInsurer(p: ScopeView, personId: AnyPgColumn): SQL {
  return sql`exists (select 1 from ${productEnrollments} where ${and(
    eq(productEnrollments.personId, personId),
    eq(productEnrollments.insurerCode, p.insurerCode ?? ''),
    eq(productEnrollments.status, 'ACTIVE'),
  )})`;
}

/** Insurers reach a person only while enrolled in one of their products AND consenting. */
function insurerReachesPerson(p: ScopeView, personId: AnyPgColumn, now: Instant, scope?: ConsentScope): SQL {
  return and(enrolledWithInsurer(p, personId), activeConsent(p, personId, now, scope))!;
}

export type PersonReach = 'relation' | 'lookup';

/**
 * Persons. `lookup` is a lookup by ID number: hospitals and pharmacies verify enrollment (参保)
 * at registration for anyone; everywhere else they reach only their own patients.
 */
export function personScope(p: ScopeView, now: Instant, reach: PersonReach = 'relation'): SQL {
  switch (p.role) {
    case 'MEDICAL_SECURITY':
    case 'TAX':
    case 'CIVIL_AFFAIRS':
    case 'HEALTH':
      return inArray(persons.regionCode, [...p.regions]);
    case 'INSURER':
      return insurerReachesPerson(p, persons.id, now);
    case 'INSTITUTION': {
      if (reach === 'lookup') return sql`true`;
      const own = ownInstitutionId(p);
      return sql`(exists (select 1 from ${settlements} where ${settlements.personId} = ${persons.id} and ${settlements.institutionId} = ${own})
        or exists (select 1 from ${prescriptions} where ${prescriptions.personId} = ${persons.id}
          and (${prescriptions.issuerId} = ${own} or ${prescriptions.dispenserId} = ${own})))`;
    }
  }
}

export function institutionScope(p: ScopeView): SQL {
  if (p.role === 'INSURER' || p.role === 'INSTITUTION') return sql`true`; // the designated list is public
  return inArray(institutions.regionCode, [...p.regions]);
}

export function prescriptionScope(p: ScopeView, now: Instant): SQL {
  switch (p.role) {
    case 'MEDICAL_SECURITY':
    case 'HEALTH':
      return inArray(prescriptions.regionCode, [...p.regions]);
    case 'INSTITUTION': {
      const own = ownInstitutionId(p);
      return sql`(${prescriptions.issuerId} = ${own} or ${prescriptions.dispenserId} = ${own})`;
    }
    case 'INSURER':
      return insurerReachesPerson(p, prescriptions.personId, now, 'PRESCRIPTIONS');
    case 'TAX':
    case 'CIVIL_AFFAIRS':
      return NOTHING;
  }
}

export function settlementScope(p: ScopeView, now: Instant): SQL {
  switch (p.role) {
    case 'MEDICAL_SECURITY':
    case 'CIVIL_AFFAIRS':
      return inArray(settlements.regionCode, [...p.regions]);
    case 'INSTITUTION':
      return eq(settlements.institutionId, ownInstitutionId(p));
    case 'INSURER':
      return insurerReachesPerson(p, settlements.personId, now, 'SETTLEMENTS');
    case 'TAX':
    case 'HEALTH':
      return NOTHING;
  }
}

/** Product enrollments and consents: an insurer sees only its own. */
export function productEnrollmentScope(p: ScopeView): SQL {
  return p.role === 'INSURER' ? eq(productEnrollments.insurerCode, p.insurerCode ?? '') : sql`true`;
}

export function consentScope(p: ScopeView): SQL {
  return p.role === 'INSURER' ? eq(consents.insurerCode, p.insurerCode ?? '') : sql`true`;
}
