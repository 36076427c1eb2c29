// The questions a quiz of a course may draw from: the bank's usableQuestions
// (the course's own non-archived questions plus `shared` questions of courses
// that share a lecturer with it). The one place the quiz side reads the bank.
import type { Db } from '../db/index.ts';
import { usableQuestions } from './bank/store.ts';
import type { BankQuestion, QuestionKind } from './bank/types.ts';

export interface PoolFilter {
	kind?: QuestionKind;
	tag?: string;
	ids?: number[];
}

export function poolQuestions(
	sql: Db,
	courseId: number,
	filter: PoolFilter = {}
): Promise<BankQuestion[]> {
	return usableQuestions(sql, courseId, filter);
}
