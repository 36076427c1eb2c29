// The question bank of a course: questions CRUD, search, xlsx import/export.
// Everything here returns the answer key: lecturer pages and the quiz engine
// only — never put a BankQuestion into a learner's page data.
export { usableQuestions, insertQuestions, getQuestion, updateQuestion, setArchived, type UsableFilter } from './store.ts';
export { validateQuestion, parseTags, letter, isKind, type RawQuestion, type InputError, type QuestionField } from './input.ts';
export * from './types.ts';
