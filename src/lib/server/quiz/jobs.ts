// The deadline job. Design: a sweep, not one job per attempt. Queue
// `quiz-deadlines` runs every minute (cron) and, besides, one run is queued
// at each attempt's due time by scheduleDeadline() (startAfter), so an attempt
// is graded within pg-boss's polling interval (~2 s) after its deadline. Every
// run grades *all* overdue open attempts (gradeOverdue, SKIP LOCKED), so a lost
// or duplicate run changes nothing: a crash between the start's commit and the
// send, a restart (pg-boss does not catch up missed crons) or several app
// instances are all covered by the next minute's sweep. Reads grade lazily
// too (finaliseIfOverdue), so a learner never sees an overdue attempt open.
import type { JobContext } from '../jobs/domains.ts';
import { gradeOverdue } from './attempts.ts';

export const QUIZ_DEADLINES = 'quiz-deadlines';

const holder = globalThis as { __xuefanQuizBoss?: JobContext['boss'] };

export async function registerQuizJobs({ boss, sql }: JobContext): Promise<void> {
	await boss.createQueue(QUIZ_DEADLINES, {
		name: QUIZ_DEADLINES,
		retryLimit: 1,
		retryDelay: 10,
		expireInSeconds: 600
	});
	await boss.schedule(QUIZ_DEADLINES, '* * * * *');
	await boss.work(QUIZ_DEADLINES, { pollingIntervalSeconds: 2 }, async () => {
		const graded = await gradeOverdue(sql);
		if (graded) console.log(`quiz: graded ${graded} attempt(s) at their deadline`);
	});
	holder.__xuefanQuizBoss = boss;
	// A stopped queue takes no sends (shutdown, `vite dev` restarting the init hook).
	boss.on('stopped', () => {
		if (holder.__xuefanQuizBoss === boss) holder.__xuefanQuizBoss = undefined;
	});
}

/** Queues a sweep at the attempt's deadline (best effort: the minute sweep covers a lost one). */
export async function scheduleDeadline(dueAt: Date | null): Promise<void> {
	const boss = holder.__xuefanQuizBoss;
	if (!boss || !dueAt) return;
	try {
		// A few seconds after the deadline: past the grace for saves in flight.
		await boss.send(QUIZ_DEADLINES, {}, { startAfter: new Date(dueAt.getTime() + 3000) });
	} catch (e) {
		console.error('quiz: could not queue the deadline run', e);
	}
}
