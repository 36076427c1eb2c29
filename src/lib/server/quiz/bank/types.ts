// The question bank's shapes and limits (limits mirror the checks in
// migrations/0010_quizzes.sql, so bad input is caught before the database).
import * as limits from '../../../api/limits.ts';
export const KINDS = ['single', 'multiple', 'truefalse'] as const;
export type QuestionKind = (typeof KINDS)[number];

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 8;
export const MAX_STEM = limits.question.stem;
export const MAX_OPTION = limits.question.option;
export const MAX_EXPLANATION = limits.question.explanation;
export const MAX_TAG = limits.question.tag;
export const MAX_TAGS = limits.question.tags;
export const MIN_DIFFICULTY = 1;
export const MAX_DIFFICULTY = 5;
/** True/false questions store these two options (ids 0 = true, 1 = false). */
export const TRUE_FALSE_OPTIONS = ['正确', '错误'] as const;

/** A validated question to write (see validateQuestion). */
export interface QuestionInput {
	kind: QuestionKind;
	stem: string;
	options: string[];
	/** option ids (indexes into `options`), ascending */
	answer: number[];
	explanation: string;
	tags: string[];
	difficulty: number;
	shared: boolean;
}

/** A bank row as the server sees it — includes the key: never send it to a learner. */
export interface BankQuestion extends Omit<QuestionInput, 'shared'> {
	id: number;
	courseId: number;
}

/** The lecturer's view of a bank row: BankQuestion plus bookkeeping. */
export interface BankRow extends BankQuestion {
	shared: boolean;
	archived: boolean;
	updatedAt: Date;
}
