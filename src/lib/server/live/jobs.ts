// The live domain's queues on pg-boss:
//   live-replay     { sessionId }  the replay of an ended session (durable: a
//                                  restart right after "end" still makes it)
//   live-reminders  every minute   "starting soon" to the audience, once per session
//   live-cleanup    hourly         live segments of sessions whose replay asset exists
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/index.ts';
import type { JobContext } from '../jobs/domains.ts';
import { notify } from '../notifications/index.ts';
import { inTransaction } from '../db/tx.ts';
import { liveDir } from './paths.ts';
import { createReplay } from './replay.ts';

export const LIVE_REPLAY = 'live-replay';
export const LIVE_REMINDERS = 'live-reminders';
export const LIVE_CLEANUP = 'live-cleanup';
/** How long before the start the reminder goes out. */
export const REMINDER_LEAD_MINUTES = 15;
// The media queue's name (jobs/index.ts TRANSCODE; not imported: that module imports this one).
const TRANSCODE = 'transcode';

const holder = globalThis as { __xuefanLiveBoss?: PgBoss };

export async function registerLiveJobs({ boss, sql }: JobContext): Promise<void> {
	await boss.createQueue(LIVE_REPLAY, {
		name: LIVE_REPLAY,
		retryLimit: 3,
		retryDelay: 30,
		expireInSeconds: 3600
	});
	await boss.work<{ sessionId: number }>(
		LIVE_REPLAY,
		{ batchSize: 1, pollingIntervalSeconds: 2 },
		async ([job]) => {
			const made = await createReplay(sql, job.data.sessionId, (assetId) =>
				boss.send(TRANSCODE, { assetId }, { priority: 10 })
			);
			if (made)
				console.log(`live: replay of session ${job.data.sessionId} → lesson ${made.lessonId}`);
		}
	);
	await boss.createQueue(LIVE_REMINDERS, { name: LIVE_REMINDERS, retryLimit: 0 });
	await boss.schedule(LIVE_REMINDERS, '* * * * *');
	await boss.work(LIVE_REMINDERS, async () => {
		await sendDueReminders(sql);
	});
	await boss.createQueue(LIVE_CLEANUP, { name: LIVE_CLEANUP, retryLimit: 0 });
	await boss.schedule(LIVE_CLEANUP, '17 * * * *');
	await boss.work(LIVE_CLEANUP, async () => {
		const removed = await removeReplayedLiveDirs(sql);
		if (removed.length)
			console.log(`live: removed the live segments of sessions ${removed.join(', ')} (replayed)`);
	});
	holder.__xuefanLiveBoss = boss;
}

/**
 * The live segments are the recording until the replay asset holds a copy
 * (or the lecturer chose no replay); after that (and an hour for late
 * viewers of the ended stream) they go.
 * Returns the session ids whose live dir was removed.
 */
export async function removeReplayedLiveDirs(sql: Db, keepMinutes = 60): Promise<number[]> {
	const names = await readdir(path.dirname(liveDir(1))).catch(() => [] as string[]);
	const ids = names.filter((n) => /^\d{1,10}$/.test(n)).map(Number);
	if (!ids.length) return [];
	const rows = await sql<{ id: number }[]>`
		select s.id from live_sessions s left join lessons l on l.id = s.replay_lesson_id
		where s.id = any(${ids}::int[]) and s.status = 'ended'
			and (l.media_id is not null or (s.replay_target = 'none' and s.replay_lesson_id is null))
			and s.ended_at < now() - make_interval(mins => ${keepMinutes})`;
	for (const r of rows) await rm(liveDir(r.id), { recursive: true, force: true });
	return rows.map((r) => r.id);
}

/** Queues the replay (or makes it now when no queue runs: scripts, tests). */
export async function queueReplay(sql: Db, sessionId: number): Promise<void> {
	const boss = holder.__xuefanLiveBoss;
	if (boss) {
		await boss.send(
			LIVE_REPLAY,
			{ sessionId },
			{ singletonKey: `live-replay-${sessionId}`, singletonSeconds: 60 }
		);
		return;
	}
	await createReplay(sql, sessionId);
}

/**
 * Reminds the audience (and the lecturer) of sessions starting within the
 * lead time; each session once (reminder_sent_at), each person once (dedupe key).
 * Returns the notifications inserted.
 */
export async function sendDueReminders(
	sql: Db,
	leadMinutes = REMINDER_LEAD_MINUTES
): Promise<number> {
	return inTransaction(sql, async (tx) => {
		const due = await tx<{ id: number; title: string; startsAt: Date }[]>`
			update live_sessions set reminder_sent_at = now()
			where status = 'scheduled' and reminder_sent_at is null
				and starts_at <= now() + make_interval(mins => ${leadMinutes}) and starts_at > now() - interval '5 minutes'
			returning id, title, starts_at as "startsAt"`;
		let sent = 0;
		for (const s of due) {
			const people = await tx<{ id: number }[]>`
				select u.id from users u where u.active and (
					u.id = (select lecturer_id from live_sessions where id = ${s.id})
					or exists (select 1 from live_session_units lu join org_closure c on c.ancestor_id = lu.unit_id
						where lu.session_id = ${s.id} and c.descendant_id = u.unit_id)
					or exists (select 1 from programme_assignments pa join live_sessions ls on ls.programme_id = pa.programme_id
						where ls.id = ${s.id} and pa.user_id = u.id and pa.removed_at is null))`;
			sent += await notify(
				tx,
				people.map((p) => ({
					userId: p.id,
					kind: 'live_starting',
					params: { title: s.title, startsAt: new Date(s.startsAt).toISOString(), sessionId: s.id },
					link: `/live/${s.id}`,
					dedupeKey: `live_starting:${s.id}`
				}))
			);
		}
		return sent;
	});
}
