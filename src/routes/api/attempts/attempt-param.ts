import { QuizError } from '$lib/server/quiz';

/** A route's attempt id (bigint, positive) or attempt_not_found. */
export function attemptIdParam(value: string): number {
	if (!/^[1-9]\d{0,14}$/.test(value)) throw new QuizError('attempt_not_found');
	return Number(value);
}
