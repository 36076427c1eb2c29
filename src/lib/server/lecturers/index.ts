// The lecturer pool (师资库): see store.ts (records), record.ts (what they taught), photo.ts.
export * from './validate.ts';
export * from './store.ts';
export * from './record.ts';
export { photoProblem, readPhoto, sniffPhoto } from './photo.ts';
