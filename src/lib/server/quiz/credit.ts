// What a pass earns: the exam credit (once per person and quiz, hours from the
// credit rule 'course_test_pass') and, when the lessons are already done, the
// course's completion. Runs inside the grading transaction.
import type { Db } from '../db/index.ts';
import { shanghaiYear, tryCompleteCourse } from '../progress/completion.ts';
import { testPassHours } from '../progress/credit-rules.ts';

export async function awardPass(tx: Db, userId: number, courseId: number, quizId: number, at: Date): Promise<void> {
	const hours = await testPassHours(tx);
	await tx`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at)
		values (${userId}, ${shanghaiYear(at)}, 'exam', ${String(quizId)}, ${hours}, ${at})
		on conflict (user_id, source, source_id) do nothing`;
	await tryCompleteCourse(tx, userId, courseId, at);
}

