export * from './errors.ts';
export * from './enrolment.ts';
export * from './classes.ts';
