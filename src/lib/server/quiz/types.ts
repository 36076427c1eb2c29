// The quiz domain's shapes. Two paper types on purpose: `PaperItem` is the
// server's frozen copy (with the key); `LearnerPaperItem` is what a learner's
// browser may hold while answering — it has no `answer`/`explanation` fields
// and is only ever built by the explicit mapping in paper.ts.
import type { QuestionKind } from './bank/types.ts';

export type { QuestionKind };
export const RESULTS_POLICIES = ['after_submit', 'after_deadline', 'never'] as const;
export type ResultsPolicy = (typeof RESULTS_POLICIES)[number];
export type QuizStatus = 'draft' | 'published' | 'archived';
export type QuizMode = 'fixed' | 'random';

export interface DrawRule {
	kind: QuestionKind;
	tag: string | null;
	count: number;
	points: number;
}

export interface FixedQuestion {
	questionId: number;
	points: number;
}

/** A quiz's settings and questions as the lecturer sets them (checkQuizInput's result). */
export interface QuizInput {
	title: string;
	mode: QuizMode;
	timeLimitSeconds: number | null;
	maxAttempts: number | null;
	passPercent: number;
	resultsPolicy: ResultsPolicy;
	partialCredit: boolean;
	shuffleQuestions: boolean;
	shuffleOptions: boolean;
	required: boolean;
	opensAt: Date | null;
	closesAt: Date | null;
	lessonId: number | null;
	rules: DrawRule[];
	questions: FixedQuestion[];
}

export interface Quiz extends QuizInput {
	id: number;
	courseId: number;
	status: QuizStatus;
}

/** One question of a frozen paper (server only: holds the key). Option ids are indexes into the bank's options. */
export interface PaperItem {
	questionId: number;
	kind: QuestionKind;
	points: number;
	stem: string;
	/** option ids in display order */
	options: number[];
	/** option texts by id (texts[id]) */
	texts: string[];
	answer: number[];
	explanation: string;
}

/** What the learner's browser gets while answering: no key, no explanation. */
export interface LearnerPaperItem {
	questionId: number;
	kind: QuestionKind;
	points: number;
	stem: string;
	options: { id: number; text: string }[];
}

/** Saved answers: question id → chosen option ids. */
export type Answers = Record<string, number[]>;
