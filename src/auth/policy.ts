/**
 * The data-sharing policy (ACCESS-POLICY.md), cell by cell, as data. Field rules for
 * graphql-shield, masking and filter checks are all derived from this one declaration, so the
 * table below is the only place a permission is written down.
 *
 * Rows (which records a client reaches) are not here: they live in `scope.ts` as SQL, because
 * that is the only safe and the only fast place to narrow them.
 */
import type { Role } from './principal.js';

export const CONSENT_SCOPES = ['ELIGIBILITY', 'SETTLEMENTS', 'DIAGNOSIS', 'PRESCRIPTIONS'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/**
 * full: the value. masked: the masked value. own/own-institution/amounts: the value, with the
 * rows already narrowed in SQL (the words say which narrowing applies, as the policy does).
 * consent: the value only while the person's consent for the calling insurer covers the scope.
 */
export type Access =
  | { kind: 'full' }
  | { kind: 'masked' }
  | { kind: 'rows'; note: string }
  | { kind: 'consent'; scope: ConsentScope };

export type Cell = Partial<Record<Role, Access>>;

const full: Access = { kind: 'full' };
const masked: Access = { kind: 'masked' };
const rows = (note: string): Access => ({ kind: 'rows', note });
const consent = (scope: ConsentScope): Access => ({ kind: 'consent', scope });

const ALL_ROLES: Cell = {
  MEDICAL_SECURITY: full, TAX: full, CIVIL_AFFAIRS: full, HEALTH: full, INSURER: full, INSTITUTION: full,
};
const only = (...roles: Role[]): Cell => Object.fromEntries(roles.map((r) => [r, full]));

/** Who may run a root field at all (row scope then decides what it returns). */
export const PUBLIC = 'PUBLIC' as const;
export type RootCell = Cell | typeof PUBLIC;

// ── Person (参保人) ─────────────────────────────────────────────────────────────────────────
//                       MEDICAL_SECURITY   TAX    CIVIL_AFFAIRS  HEALTH   INSURER                 INSTITUTION
export const personPolicy: Record<string, Cell> = {
  id: ALL_ROLES,
  region: ALL_ROLES,
  gender: ALL_ROLES,
  birthDate: ALL_ROLES,
  idNumber: { MEDICAL_SECURITY: full, TAX: full, CIVIL_AFFAIRS: full, HEALTH: masked, INSURER: masked, INSTITUTION: masked },
  name: { MEDICAL_SECURITY: full, TAX: full, CIVIL_AFFAIRS: full, HEALTH: masked, INSURER: full, INSTITUTION: full },
  phone: { MEDICAL_SECURITY: full, CIVIL_AFFAIRS: full },
  enrollments: ALL_ROLES,
  contributions: { MEDICAL_SECURITY: full, TAX: full },
  subsidizedEnrollment: { MEDICAL_SECURITY: full, TAX: full, CIVIL_AFFAIRS: full },
  assistance: { MEDICAL_SECURITY: full, CIVIL_AFFAIRS: full },
  productEnrollments: { MEDICAL_SECURITY: full, INSURER: rows('own products') },
  consents: { MEDICAL_SECURITY: full, INSURER: rows('own') },
  settlements: {
    MEDICAL_SECURITY: full,
    CIVIL_AFFAIRS: rows('amounts only'),
    INSURER: consent('SETTLEMENTS'),
    INSTITUTION: rows('own institution'),
  },
  prescriptions: {
    MEDICAL_SECURITY: full,
    HEALTH: rows('patient masked'),
    INSURER: consent('PRESCRIPTIONS'),
    INSTITUTION: rows('issued or dispensed by it'),
  },
  accessHistory: { MEDICAL_SECURITY: full },
};

/** Enrollment (scheme, status, period) is readable wherever the person is; its base is not. */
export const enrollmentPolicy: Record<string, Cell> = {
  '*': ALL_ROLES,
  contributionBase: only('MEDICAL_SECURITY', 'TAX'),
};

// ── Settlement (结算) ───────────────────────────────────────────────────────────────────────
const SETTLEMENT_READERS: Cell = {
  MEDICAL_SECURITY: full, CIVIL_AFFAIRS: full, INSURER: full, INSTITUTION: full,
};
export const settlementPolicy: Record<string, Cell> = {
  '*': SETTLEMENT_READERS, // id, settledAt, institution, encounterType, all amounts and payer shares
  diagnosis: { MEDICAL_SECURITY: full, INSURER: consent('DIAGNOSIS'), INSTITUTION: full },
  items: { MEDICAL_SECURITY: full, INSURER: consent('DIAGNOSIS'), INSTITUTION: full },
  person: SETTLEMENT_READERS,
};

// ── Institution (定点医药机构) ───────────────────────────────────────────────────────────────
export const institutionPolicy: Record<string, Cell> = {
  '*': ALL_ROLES, // code, name, kind, level, ownership, region, agreement, payment method, cross-province
  creditScore: only('MEDICAL_SECURITY', 'HEALTH'),
  violations: only('MEDICAL_SECURITY', 'HEALTH'),
  prescriptions: { MEDICAL_SECURITY: full, HEALTH: full, INSTITUTION: rows('issued or dispensed by it'), INSURER: consent('PRESCRIPTIONS') },
  settlements: { MEDICAL_SECURITY: full, CIVIL_AFFAIRS: rows('amounts only'), INSTITUTION: rows('own institution'), INSURER: consent('SETTLEMENTS') },
};

// ── Prescription (电子处方) ─────────────────────────────────────────────────────────────────
const PRESCRIPTION_READERS: Cell = {
  MEDICAL_SECURITY: full,
  HEALTH: rows('patient masked'),
  INSTITUTION: rows('issued, dispensed, or presented with its pickup code'),
  INSURER: consent('PRESCRIPTIONS'),
};
export const prescriptionPolicy: Record<string, Cell> = {
  '*': PRESCRIPTION_READERS,
  // The stricter reading: a diagnosis is medical data, so an insurer also needs DIAGNOSIS.
  diagnosis: { MEDICAL_SECURITY: full, HEALTH: full, INSTITUTION: full, INSURER: consent('DIAGNOSIS') },
};

/** Sub-records of a person, reachable only through a Person field already checked above. */
export const personPartPolicy: Record<string, Record<string, Cell>> = {
  Contribution: { '*': only('MEDICAL_SECURITY', 'TAX') },
  SubsidizedEnrollment: { '*': only('MEDICAL_SECURITY', 'TAX', 'CIVIL_AFFAIRS') },
  AssistanceRecord: { '*': only('MEDICAL_SECURITY', 'CIVIL_AFFAIRS') },
  ProductEnrollment: { '*': only('MEDICAL_SECURITY', 'INSURER') },
  Consent: { '*': only('MEDICAL_SECURITY', 'INSURER') },
  SettlementItem: { '*': { MEDICAL_SECURITY: full, INSURER: full, INSTITUTION: full } },
  PayerReason: { '*': SETTLEMENT_READERS },
  PrescriptionItem: { '*': PRESCRIPTION_READERS },
  PrescriptionEvent: { '*': PRESCRIPTION_READERS },
  Violation: { '*': only('MEDICAL_SECURITY', 'HEALTH') },
  // The drug catalogue (医保药品目录) is reference data for every authenticated partner.
  Drug: { '*': ALL_ROLES },
  AccessRecord: { '*': only('MEDICAL_SECURITY') },
};

// ── Root fields: who may ask at all ─────────────────────────────────────────────────────────
export const queryPolicy: Record<string, RootCell> = {
  viewer: ALL_ROLES,
  node: ALL_ROLES,
  person: ALL_ROLES,
  persons: only('MEDICAL_SECURITY', 'TAX', 'CIVIL_AFFAIRS', 'HEALTH', 'INSURER', 'INSTITUTION'),
  institution: ALL_ROLES,
  institutions: ALL_ROLES,
  prescription: only('MEDICAL_SECURITY', 'HEALTH', 'INSURER', 'INSTITUTION'),
  prescriptions: only('MEDICAL_SECURITY', 'HEALTH', 'INSURER', 'INSTITUTION'),
  settlements: only('MEDICAL_SECURITY', 'CIVIL_AFFAIRS', 'INSURER', 'INSTITUTION'),
  drugs: ALL_ROLES,
  indicators: PUBLIC,
  insuranceProducts: PUBLIC,
  benefitPolicies: PUBLIC,
  regions: PUBLIC,
  settlementEligibility: only('INSURER'),
  quoteSettlement: only('MEDICAL_SECURITY', 'INSTITUTION'),
  highCostAlerts: only('MEDICAL_SECURITY', 'CIVIL_AFFAIRS'),
  auditLog: only('MEDICAL_SECURITY'),
  verifyAuditChain: only('MEDICAL_SECURITY'),
  // Federation: a gateway resolves entities with the caller's token; each entity's fields keep
  // their own cells, and the subgraph SDL is introspection (limited in production).
  _entities: ALL_ROLES,
  _service: ALL_ROLES,
};

// ── Writes (ACCESS-POLICY.md "Writes"): a mutation missing here can never run ───────────────
export const mutationPolicy: Record<string, Cell> = {
  recordContributions: only('TAX', 'MEDICAL_SECURITY'),
  registerAssistanceRecipients: only('CIVIL_AFFAIRS', 'MEDICAL_SECURITY'),
  endAssistance: only('CIVIL_AFFAIRS', 'MEDICAL_SECURITY'),
  issuePrescription: only('INSTITUTION'),
  dispensePrescription: only('INSTITUTION'),
  cancelPrescription: only('INSTITUTION'),
  settleClaim: only('INSTITUTION', 'MEDICAL_SECURITY'),
  reverseSettlement: only('INSTITUTION', 'MEDICAL_SECURITY'),
  enrollInProduct: only('INSURER'),
  grantConsent: only('MEDICAL_SECURITY'),
  revokeConsent: only('MEDICAL_SECURITY'),
  // Lead departments (牵头单位) are checked against the indicator inside the write.
  recordIndicatorObservation: ALL_ROLES,
  setInstitutionAgreement: only('MEDICAL_SECURITY'),
};

/** Types with person-level data: each maps a row to the person it is about, for audit and consent. */
export const personSubject: Record<string, (parent: { id?: number; personId?: number }) => number | undefined> = {
  Person: (p) => p.id,
  Enrollment: (p) => p.personId,
  Contribution: (p) => p.personId,
  SubsidizedEnrollment: (p) => p.personId,
  AssistanceRecord: (p) => p.personId,
  ProductEnrollment: (p) => p.personId,
  Consent: (p) => p.personId,
  Settlement: (p) => p.personId,
  Prescription: (p) => p.personId,
};

/** Field policies per object type; types not listed here are either public or structural. */
export const objectPolicies: Record<string, Record<string, Cell>> = {
  Person: personPolicy,
  Enrollment: enrollmentPolicy,
  Settlement: settlementPolicy,
  Institution: institutionPolicy,
  Prescription: prescriptionPolicy,
  ...personPartPolicy,
};

/** Readable by anyone, unauthenticated included: plan targets, products, benefit policies. */
export const PUBLIC_TYPES = [
  'Region', 'Indicator', 'IndicatorObservation', 'IndicatorLiveValue', 'IndicatorSource', 'InsuranceProduct',
  'BenefitPolicy', 'CriticalIllnessPolicy', 'CriticalIllnessSegment', 'AssistancePolicy',
] as const;

/** The access a role has to a field, or undefined when denied. */
export function accessFor(typeName: string, fieldName: string, role: Role): Access | undefined {
  const table = objectPolicies[typeName];
  if (!table) return undefined;
  return (table[fieldName] ?? table['*'])?.[role];
}
