export const ROLES = ['MEDICAL_SECURITY', 'TAX', 'CIVIL_AFFAIRS', 'HEALTH', 'INSURER', 'INSTITUTION'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose reach is a set of pooling regions. */
export const REGION_ROLES: readonly Role[] = ['MEDICAL_SECURITY', 'TAX', 'CIVIL_AFFAIRS', 'HEALTH'];

/**
 * The authenticated partner system behind a request. Exactly one role and its scope:
 * regions for agencies, an insurer code for insurers, an institution code for hospitals
 * and pharmacies.
 */
export interface Principal {
  clientId: string;
  role: Role;
  regions: readonly string[];
  insurerCode: string | null;
  institutionCode: string | null;
}

export const isRegionRole = (role: Role) => REGION_ROLES.includes(role);
