import { CONSENT_SCOPES } from '../auth/policy.js';
import { ROLES } from '../auth/principal.js';
import { builder } from './builder.js';

export const SCHEMES = ['EMPLOYEE', 'RESIDENT'] as const;
export const ENROLLMENT_STATUSES = ['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const;
export const CONTRIBUTION_PAYERS = ['INDIVIDUAL', 'EMPLOYER', 'GOVERNMENT_SUBSIDY'] as const;
export const ASSISTANCE_CATEGORIES = ['EXTREME_POVERTY', 'SUBSISTENCE', 'LOW_INCOME', 'RELAPSE_MONITORING', 'ILLNESS_POVERTY'] as const;
export const INSTITUTION_KINDS = ['HOSPITAL', 'PRIMARY_CARE', 'PHARMACY'] as const;
export const AGREEMENT_STATUSES = ['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const;
export const PAYMENT_METHODS = ['DRG', 'DIP', 'FEE_FOR_SERVICE'] as const;
export const ENCOUNTER_TYPES = ['INPATIENT', 'OUTPATIENT', 'CHRONIC_OUTPATIENT', 'PHARMACY'] as const;
export const ITEM_CLASSES = ['A', 'B', 'C'] as const;
export const PRESCRIPTION_STATUSES = ['ISSUED', 'DISPENSED', 'CANCELLED', 'EXPIRED'] as const;

export const SchemeEnum = builder.enumType('Scheme', {
  description: '职工 (EMPLOYEE) or 居民 (RESIDENT) basic medical insurance.',
  values: SCHEMES,
});
export const EnrollmentStatusEnum = builder.enumType('EnrollmentStatus', { values: ENROLLMENT_STATUSES });
export const ContributionPayerEnum = builder.enumType('ContributionPayer', { values: CONTRIBUTION_PAYERS });
export const AssistanceCategoryEnum = builder.enumType('AssistanceCategory', {
  description: '医疗救助 recipient category: 特困人员, 低保对象, 低保边缘/低收入, 防止返贫监测对象, 因病致贫重病患者.',
  values: ASSISTANCE_CATEGORIES,
});
export const GenderEnum = builder.enumType('Gender', { values: ['MALE', 'FEMALE'] as const });
export const InstitutionKindEnum = builder.enumType('InstitutionKind', { values: INSTITUTION_KINDS });
export const OwnershipEnum = builder.enumType('Ownership', { values: ['PUBLIC', 'PRIVATE'] as const });
export const AgreementStatusEnum = builder.enumType('AgreementStatus', { values: AGREEMENT_STATUSES });
export const PaymentMethodEnum = builder.enumType('PaymentMethod', { values: PAYMENT_METHODS });
export const EncounterTypeEnum = builder.enumType('EncounterType', {
  description: '住院 INPATIENT, 普通门诊 OUTPATIENT, 门诊慢特病 CHRONIC_OUTPATIENT, 药店购药 PHARMACY.',
  values: ENCOUNTER_TYPES,
});
export const ItemClassEnum = builder.enumType('ItemClass', {
  description: '甲类 A (fully in range), 乙类 B (in range after a self-pay share), 丙类 C (outside the catalogue).',
  values: ITEM_CLASSES,
});
export const PrescriptionStatusEnum = builder.enumType('PrescriptionStatus', { values: PRESCRIPTION_STATUSES });
export const ConsentScopeEnum = builder.enumType('ConsentScope', { values: CONSENT_SCOPES });
export const RoleEnum = builder.enumType('Role', { values: ROLES });
