/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** 医疗救助 recipient category: 特困人员, 低保对象, 低保边缘/低收入, 防止返贫监测对象, 因病致贫重病患者. */
export type AssistanceCategory =
  | 'EXTREME_POVERTY'
  | 'ILLNESS_POVERTY'
  | 'LOW_INCOME'
  | 'RELAPSE_MONITORING'
  | 'SUBSISTENCE';

export type AssistanceRecipientInput = {
  category: AssistanceCategory;
  /** The 民政 office that certified the person. */
  certifyingOffice: string;
  /** Inclusive; omitted while the certification runs. */
  endDate?: string | null | undefined;
  /** 居民身份证号 (18 characters, GB 11643), checked per record so a bad one is reported with its index. */
  idNumber: string;
  startDate: string;
};

export type ConsentScope =
  | 'DIAGNOSIS'
  | 'ELIGIBILITY'
  | 'PRESCRIPTIONS'
  | 'SETTLEMENTS';

export type ContributionPayer =
  | 'EMPLOYER'
  | 'GOVERNMENT_SUBSIDY'
  | 'INDIVIDUAL';

export type ContributionRecordInput = {
  amount: string;
  /** 居民身份证号 (18 characters, GB 11643), checked per record so a bad one is reported with its index. */
  idNumber: string;
  paidDate: string;
  payer: ContributionPayer;
  /** The year (YYYY) or month (YYYY-MM) paid for. */
  period: string;
};

/** 住院 INPATIENT, 普通门诊 OUTPATIENT, 门诊慢特病 CHRONIC_OUTPATIENT, 药店购药 PHARMACY. */
export type EncounterType =
  | 'CHRONIC_OUTPATIENT'
  | 'INPATIENT'
  | 'OUTPATIENT'
  | 'PHARMACY';

export type EnrollmentStatus =
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'TERMINATED';

/** How a value is held against the target: GTE ≥ / 以上, LTE ≤ / 以内, ABOUT 左右, RANGE a band (6—9个月), EQ a figure to reach (达到), STABLE 稳定在, QUALITATIVE a target in words, NONE no target. */
export type IndicatorComparison =
  | 'ABOUT'
  | 'EQ'
  | 'GTE'
  | 'LTE'
  | 'NONE'
  | 'QUALITATIVE'
  | 'RANGE'
  | 'STABLE';

/** COMPUTED by the hub from its own data; REPORTED through recorded observations; NOT_MEASURABLE (a target in words). */
export type IndicatorMeasurability =
  | 'COMPUTED'
  | 'NOT_MEASURABLE'
  | 'REPORTED';

/** MET the target; ON_TRACK or OFF_TRACK against the straight path from baseline to target; UNKNOWN without a value or a number to compare. */
export type IndicatorStatus =
  | 'MET'
  | 'OFF_TRACK'
  | 'ON_TRACK'
  | 'UNKNOWN';

/** 甲类 A (fully in range), 乙类 B (in range after a self-pay share), 丙类 C (outside the catalogue). */
export type ItemClass =
  | 'A'
  | 'B'
  | 'C';

export type Payer =
  | 'ASSISTANCE'
  | 'COMMERCIAL'
  | 'CRITICAL_ILLNESS'
  | 'FUND'
  | 'SELF';

export type PaymentMethod =
  | 'DIP'
  | 'DRG'
  | 'FEE_FOR_SERVICE';

export type PrescriptionStatus =
  | 'CANCELLED'
  | 'DISPENSED'
  | 'EXPIRED'
  | 'ISSUED';

export type RecordContributionsInput = {
  /** false: one bad record refuses the batch. true: write the valid records and report every rejected one. */
  partial?: boolean | null | undefined;
  /** At most 10000. */
  records: Array<ContributionRecordInput>;
};

export type RegisterAssistanceRecipientsInput = {
  /** At most 5000. */
  records: Array<AssistanceRecipientInput>;
};

/** 职工 (EMPLOYEE) or 居民 (RESIDENT) basic medical insurance. */
export type Scheme =
  | 'EMPLOYEE'
  | 'RESIDENT';

/** A bill to settle. */
export type SettleClaimInput = {
  /** The bill date; its year selects the policies. */
  date: string;
  diagnosis?: SettlementDiagnosisInput | null | undefined;
  encounterType: EncounterType;
  idNumber: string;
  /** 8–80 letters, digits, dashes or underscores; resending the same request with it returns the first settlement. */
  idempotencyKey: string;
  /** The designated institution (定点医药机构) that bills. */
  institutionCode: string;
  items: Array<SettlementItemInput>;
};

export type SettlementDiagnosisInput = {
  /** ICD-10 医保版 code, e.g. E11.900. */
  code: string;
  name: string;
};

/** A bill to quote. */
export type SettlementInput = {
  /** The bill date; its year selects the policies. */
  date: string;
  encounterType: EncounterType;
  idNumber: string;
  /** The designated institution (定点医药机构) that bills. */
  institutionCode: string;
  items: Array<SettlementItemInput>;
};

/** One bill line. */
export type SettlementItemInput = {
  amount: string;
  /** National catalogue code of the drug, consumable or service. */
  code: string;
  itemClass: ItemClass;
  name: string;
  /** 特药: on the 惠民保 special-drug list. */
  specialDrug?: boolean;
};

export type SettlementStatus =
  | 'REVERSED'
  | 'SETTLED';

export type PersonRecordQueryVariables = Exact<{
  idNumber: string;
}>;


export type PersonRecordQuery = { person: { id: string, idNumber: string | null, name: string | null, phone: string | null, region: { code: string, name: string } | null, enrollments: Array<{ year: number | null, scheme: Scheme | null, status: EnrollmentStatus | null, contributionBase: string | null, subsidized: boolean | null }> | null, contributions: Array<{ period: string | null, payer: ContributionPayer | null, amount: string | null }> | null, assistance: Array<{ category: AssistanceCategory | null, startDate: string | null, endDate: string | null, certifyingOffice: string | null }> | null, settlements: { edges: Array<{ node: { id: string, billDate: string | null, totalAmount: string | null, fundPaid: string | null, selfPaid: string | null } | null } | null> | null } | null } | null };

export type AuditTrailQueryVariables = Exact<{
  first: number;
}>;


export type AuditTrailQuery = { auditLog: { edges: Array<{ node: { at: string, clientId: string, role: string, operation: string, personCount: number, fields: Array<string>, deniedFields: Array<string>, purpose: string | null } | null } | null> | null, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null, verifyAuditChain: { valid: boolean, checked: number, brokenAt: string | null } };

export type PlanProgressQueryVariables = Exact<{
  region: string;
  year?: number | null | undefined;
}>;


export type PlanProgressQuery = { indicators: Array<{ code: string, name: string, targetText: string | null, comparison: IndicatorComparison, status: IndicatorStatus, measurability: IndicatorMeasurability, live: { value: number | null, numerator: number | null, denominator: number | null, asOf: string, suppressed: boolean } | null }> };

export type RegisterRecipientsMutationVariables = Exact<{
  input: RegisterAssistanceRecipientsInput;
}>;


export type RegisterRecipientsMutation = { registerAssistanceRecipients:
    | { __typename: 'BatchRejectedError', code: string, field: string | null, message: string }
    | { __typename: 'ConflictError', code: string, field: string | null, message: string }
    | { __typename: 'ConsentRequiredError', code: string, field: string | null, message: string }
    | { __typename: 'InputError', code: string, field: string | null, message: string }
    | { __typename: 'NotFoundError', code: string, field: string | null, message: string }
    | { __typename: 'RegisterAssistanceRecipientsPayload', received: number, created: number, merged: number, extended: number, unchanged: number, subsidizedEnrollments: number }
   | null };

export type HighCostAlertsQueryVariables = Exact<{
  first: number;
}>;


export type HighCostAlertsQuery = { highCostAlerts: { edges: Array<{ node: { year: number, inRangeSelfPay: string, threshold: string, categories: Array<AssistanceCategory>, person: { idNumber: string | null, name: string | null } | null } | null } | null> | null, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type InstitutionPrescriptionsQueryVariables = Exact<{
  region: string;
  first: number;
}>;


export type InstitutionPrescriptionsQuery = { institutions: { edges: Array<{ node: { code: string, name: string | null, level: number | null, paymentMethod: PaymentMethod | null, creditScore: number | null, prescriptions: { edges: Array<{ node: { code: string, status: PrescriptionStatus | null, diagnosis: { code: string, name: string } | null, patient: { idNumber: string | null, name: string | null } | null, items: Array<{ quantity: number | null, drug: { code: string, name: string | null } | null }> | null } | null } | null> | null } | null } | null } | null> | null } | null };

export type VerifyEnrollmentQueryVariables = Exact<{
  idNumber: string;
}>;


export type VerifyEnrollmentQuery = { person: { idNumber: string | null, name: string | null, enrollments: Array<{ year: number | null, scheme: Scheme | null, status: EnrollmentStatus | null }> | null } | null };

export type QuoteBillQueryVariables = Exact<{
  input: SettlementInput;
}>;


export type QuoteBillQuery = { quoteSettlement: { totalAmount: string | null, policyRangeAmount: string | null, fundPaid: string | null, criticalIllnessPaid: string | null, assistancePaid: string | null, commercialPaid: string | null, selfPaid: string | null, reasons: Array<{ payer: Payer, code: string, message: string }> | null } };

export type SettleBillMutationVariables = Exact<{
  input: SettleClaimInput;
}>;


export type SettleBillMutation = { settleClaim:
    | { __typename: 'ConflictError', code: string, field: string | null, message: string }
    | { __typename: 'ConsentRequiredError', code: string, field: string | null, message: string }
    | { __typename: 'InputError', code: string, field: string | null, message: string }
    | { __typename: 'NotFoundError', code: string, field: string | null, message: string }
    | { __typename: 'SettleClaimPayload', replayed: boolean, settlement: { id: string, status: SettlementStatus | null, totalAmount: string | null, policyRangeAmount: string | null, deductiblePaid: string | null, fundPaid: string | null, criticalIllnessPaid: string | null, assistancePaid: string | null, commercialPaid: string | null, selfPaid: string | null, reasons: Array<{ payer: Payer, code: string, message: string }> | null } }
   | null };

export type CheckEligibilityQueryVariables = Exact<{
  idNumber: string;
  productCode: string;
}>;


export type CheckEligibilityQuery = { settlementEligibility: { eligible: boolean, basicEnrollmentActive: boolean, basicInsuranceRegionMatches: boolean, productEnrolled: boolean, consentScopes: Array<ConsentScope>, reasons: Array<string> } };

export type PushContributionsMutationVariables = Exact<{
  input: RecordContributionsInput;
}>;


export type PushContributionsMutation = { recordContributions:
    | { __typename: 'BatchRejectedError', code: string, field: string | null, message: string }
    | { __typename: 'ConflictError', code: string, field: string | null, message: string }
    | { __typename: 'ConsentRequiredError', code: string, field: string | null, message: string }
    | { __typename: 'InputError', code: string, field: string | null, message: string }
    | { __typename: 'NotFoundError', code: string, field: string | null, message: string }
    | { __typename: 'RecordContributionsPayload', received: number, written: number, unchanged: number, rejected: number, rejectedRows: Array<{ index: number, field: string, code: string, message: string }> }
   | null };


export const PersonRecordDocument = {"__meta__":{"hash":"sha256:b3fdf9364c303084048ba4c80c9589eecf39c35bf21e550700cd55f189c31baa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PersonRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdNumber"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"idNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"idNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"region"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"scheme"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"contributionBase"}},{"kind":"Field","name":{"kind":"Name","value":"subsidized"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contributions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"payer"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assistance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}},{"kind":"Field","name":{"kind":"Name","value":"certifyingOffice"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settlements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"billDate"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"fundPaid"}},{"kind":"Field","name":{"kind":"Name","value":"selfPaid"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PersonRecordQuery, PersonRecordQueryVariables>;
export const AuditTrailDocument = {"__meta__":{"hash":"sha256:fee5ac96cc1554179c61c895a27c9ac0ba37118dbf4836876ff0f9df8245690f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditTrail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"operation"}},{"kind":"Field","name":{"kind":"Name","value":"personCount"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"deniedFields"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"verifyAuditChain"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"brokenAt"}}]}}]}}]} as unknown as DocumentNode<AuditTrailQuery, AuditTrailQueryVariables>;
export const PlanProgressDocument = {"__meta__":{"hash":"sha256:9360d026ba3eba9ca771a855cac09a2dd93830eecff0ebba1872f049cfafce9a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlanProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"indicators"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"Variable","name":{"kind":"Name","value":"region"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"targetText"}},{"kind":"Field","name":{"kind":"Name","value":"comparison"}},{"kind":"Field","name":{"kind":"Name","value":"live"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"measurability"}}]}}]}}]} as unknown as DocumentNode<PlanProgressQuery, PlanProgressQueryVariables>;
export const RegisterRecipientsDocument = {"__meta__":{"hash":"sha256:b3ab6ae75a4f4d8e745b6aba0dae372ce36bbacd510fbb274f278dcad643a757"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterRecipients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterAssistanceRecipientsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerAssistanceRecipients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterAssistanceRecipientsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"received"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"merged"}},{"kind":"Field","name":{"kind":"Name","value":"extended"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"subsidizedEnrollments"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterRecipientsMutation, RegisterRecipientsMutationVariables>;
export const HighCostAlertsDocument = {"__meta__":{"hash":"sha256:c68800f46cbd3c96f6472eac3ab087f4e35fcb7c98683062ba39ff7366b8b7b9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HighCostAlerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"highCostAlerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"inRangeSelfPay"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"categories"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<HighCostAlertsQuery, HighCostAlertsQueryVariables>;
export const InstitutionPrescriptionsDocument = {"__meta__":{"hash":"sha256:b802321bf7defc6f0ef2dc95800254a24f90eb125ae7e49cd816122c8a110249"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InstitutionPrescriptions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"institutions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"region"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"region"}}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"HOSPITAL"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethod"}},{"kind":"Field","name":{"kind":"Name","value":"creditScore"}},{"kind":"Field","name":{"kind":"Name","value":"prescriptions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"diagnosis"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"patient"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"drug"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InstitutionPrescriptionsQuery, InstitutionPrescriptionsQueryVariables>;
export const VerifyEnrollmentDocument = {"__meta__":{"hash":"sha256:2f0fabc29fb121dd9800bf109cdf832561441e35adc0dfbf1f94af2d9812fdeb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VerifyEnrollment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdNumber"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"idNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"idNumber"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"scheme"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<VerifyEnrollmentQuery, VerifyEnrollmentQueryVariables>;
export const QuoteBillDocument = {"__meta__":{"hash":"sha256:d39d54fdfd5a7015e425df6a1ee1c8d75230293e54a442fd4cac1c139a9fd9c8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"QuoteBill"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SettlementInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quoteSettlement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"policyRangeAmount"}},{"kind":"Field","name":{"kind":"Name","value":"fundPaid"}},{"kind":"Field","name":{"kind":"Name","value":"criticalIllnessPaid"}},{"kind":"Field","name":{"kind":"Name","value":"assistancePaid"}},{"kind":"Field","name":{"kind":"Name","value":"commercialPaid"}},{"kind":"Field","name":{"kind":"Name","value":"selfPaid"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payer"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<QuoteBillQuery, QuoteBillQueryVariables>;
export const SettleBillDocument = {"__meta__":{"hash":"sha256:7d9cdfea777670a1ae195032bf6019fa25692e64fcd4455a15e64fb137d471ea"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SettleBill"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SettleClaimInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settleClaim"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SettleClaimPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"settlement"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"policyRangeAmount"}},{"kind":"Field","name":{"kind":"Name","value":"deductiblePaid"}},{"kind":"Field","name":{"kind":"Name","value":"fundPaid"}},{"kind":"Field","name":{"kind":"Name","value":"criticalIllnessPaid"}},{"kind":"Field","name":{"kind":"Name","value":"assistancePaid"}},{"kind":"Field","name":{"kind":"Name","value":"commercialPaid"}},{"kind":"Field","name":{"kind":"Name","value":"selfPaid"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payer"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SettleBillMutation, SettleBillMutationVariables>;
export const CheckEligibilityDocument = {"__meta__":{"hash":"sha256:c68c468d6b2f4d9f17f10a1dc77b31ca79fe97e99dc93551ab5fc5671eddfa72"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CheckEligibility"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdNumber"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"productCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settlementEligibility"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"idNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"productCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"productCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eligible"}},{"kind":"Field","name":{"kind":"Name","value":"basicEnrollmentActive"}},{"kind":"Field","name":{"kind":"Name","value":"basicInsuranceRegionMatches"}},{"kind":"Field","name":{"kind":"Name","value":"productEnrolled"}},{"kind":"Field","name":{"kind":"Name","value":"consentScopes"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]} as unknown as DocumentNode<CheckEligibilityQuery, CheckEligibilityQueryVariables>;
export const PushContributionsDocument = {"__meta__":{"hash":"sha256:c8c2e34780f38c293550fe5b34f875688d46fd416c9131d263e94fd8405a5151"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PushContributions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordContributionsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordContributions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RecordContributionsPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"received"}},{"kind":"Field","name":{"kind":"Name","value":"written"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"rejectedRows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PushContributionsMutation, PushContributionsMutationVariables>;