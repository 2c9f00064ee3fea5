export * from './regions.js';
export * from './people.js';
export * from './institutions.js';
export * from './prescriptions.js';
export * from './benefits.js';
export * from './indicators.js';
export * from './audit.js';
