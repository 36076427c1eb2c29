export * from './errors.ts';
export * from './enrolment.ts';
export * from './classes.ts';
export * from './codes.ts';
export * from './attendance.ts';
export * from './completion.ts';
export * from './certificates.ts';
export * from './evaluations.ts';
