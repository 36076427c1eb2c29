// The question bank of a course: questions CRUD, search, xlsx import/export.
// Everything here returns the answer key: lecturer pages and the quiz engine
// only — never put a BankQuestion into a learner's page data.
export {
	usableQuestions,
	insertQuestions,
	getQuestion,
	updateQuestion,
	setArchived,
	fixedQuizzesUsing,
	type UsableFilter
} from './store.ts';
export {
	searchQuestions,
	bankTags,
	allQuestions,
	tagQuestions,
	type BankSearch
} from './search.ts';
export {
	validateQuestion,
	parseTags,
	letter,
	isKind,
	type RawQuestion,
	type InputError,
	type QuestionField
} from './input.ts';
export { importBank, type ImportResult } from './import.ts';
export {
	bankTemplate,
	bankExport,
	attachment,
	TEMPLATE_FILE_NAME,
	TEMPLATE_ASCII_NAME,
	XLSX_TYPE
} from './sheet.ts';
export { MAX_FILE_BYTES, MAX_ROWS } from './read.ts';
export { KIND_LABELS, DIFFICULTY_LABELS, DEFAULT_DIFFICULTY } from './rows.ts';
export * from './types.ts';
export { seedDemoBank } from './demo.ts';
