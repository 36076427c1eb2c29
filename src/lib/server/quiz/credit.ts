// What a pass earns: the exam credit (once per person and quiz, hours from the
// credit rule 'course_test_pass', as testPassHours reads it) and, when the lessons are already done, the
// course's completion. Runs inside the grading transaction.
import type { Db } from '../db/index.ts';
import { shanghaiYear, tryCompleteCourse } from '../progress/completion.ts';

export async function awardPass(tx: Db, userId: number, courseId: number, quizId: number, at: Date): Promise<void> {
	// One statement: the hours come from the rule (testPassHours' query, inlined to save a round trip).
	await tx`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at)
		select ${userId}, ${shanghaiYear(at)}, 'exam', ${String(quizId)},
			coalesce((select hours from credit_rules where kind = 'course_test_pass' order by id limit 1), 0), ${at}
		on conflict (user_id, source, source_id) do nothing`;
	await tryCompleteCourse(tx, userId, courseId, at);
}

