export { SettlementRef as BenefitsNodes } from '../benefits/types.js';
export { InstitutionRef as InstitutionNodes } from '../institutions/types.js';
export { PersonRef as PeopleNodes } from '../people/types.js';
export { PrescriptionRef as PrescriptionNodes } from '../prescriptions/types.js';
