/**
 * Who may record an indicator observation (ACCESS-POLICY.md "Writes"): MEDICAL_SECURITY, or any
 * agency named as a lead department (牵头单位 / 责任部门) of that indicator — and in both cases
 * only for an indicator of one of the caller's own regions.
 */
import type { Principal, Role } from '../auth/principal.js';

/**
 * The names each role's agency goes by in the documents' lead-department cells ("市税务局",
 * "税务", "市卫健委" …), matched as substrings. Insurers and institutions lead no indicator.
 */
export const LEAD_DEPARTMENT_NAMES: Record<Role, readonly string[]> = {
  MEDICAL_SECURITY: ['医保'],
  TAX: ['税务'],
  CIVIL_AFFAIRS: ['民政'],
  HEALTH: ['卫健', '卫生健康'],
  INSURER: [],
  INSTITUTION: [],
};

/** Whether one of the indicator's lead departments is the role's agency. */
export function isLeadDepartment(role: Role, leadDepartments: readonly string[]): boolean {
  const names = LEAD_DEPARTMENT_NAMES[role];
  return leadDepartments.some((dept) => names.some((name) => dept.includes(name)));
}

/** Whether the principal may record an observation of an indicator of `regionCode`. */
export function mayRecordObservation(p: Principal, indicator: { regionCode: string; leadDepartments: readonly string[] }): boolean {
  if (!p.regions.includes(indicator.regionCode)) return false;
  return p.role === 'MEDICAL_SECURITY' || isLeadDepartment(p.role, indicator.leadDepartments);
}
