// Starting a playback: the server's record that a person began watching a
// lesson on a device at a server time. It supersedes the person's other
// active playbacks (any lesson): one playback per person earns credit.
import { randomInt, randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { SessionUser } from '../auth/types.ts';
import { canViewLesson } from '../courses/access.ts';
import type { PresenceInfo, StartedPlayback } from '../../api/playback.ts';
import { reactions } from '../reactions.ts';

export const HEARTBEAT_MS = 10_000;
/** The next presence check comes after 5–15 minutes. */
export const PRESENCE_MIN_S = 5 * 60;
export const PRESENCE_MAX_S = 15 * 60;

export type { StartedPlayback };

export type StartOutcome =
	| { ok: true; playback: StartedPlayback; superseded: string[] }
	| { ok: false; status: 403 | 409; code: 'forbidden' | 'not_ready' };

/** A random delay for the next presence check, in seconds. */
export const nextPresenceDelay = () => randomInt(PRESENCE_MIN_S, PRESENCE_MAX_S + 1);

export async function startPlayback(
	sql: postgres.Sql,
	user: Pick<SessionUser, 'id' | 'roles'>,
	input: { lessonId: number; deviceId: string },
	now?: Date
): Promise<StartOutcome> {
	// The playback binds person and lesson: access is checked here, once.
	const access = await canViewLesson(sql, user, input.lessonId);
	if (!access) return { ok: false, status: 403, code: 'forbidden' };
	return sql.begin(async (tx) => {
		const at: Date = now ?? (await tx`select now() as now`)[0].now;
		const [lesson] = await tx`
			select l.duration_seconds, l.course_id, c.max_credited_rate, c.completion_ratio, c.presence_check
			from lessons l join courses c on c.id = l.course_id
			where l.id = ${input.lessonId}`;
		if (!lesson?.duration_seconds) return { ok: false, status: 409, code: 'not_ready' } as const;
		// A running study programme of this person may be stricter than the course; kept on the playback.
		const limits = await reactions().playbackLimits(tx, user.id, lesson.course_id, at);
		const courseRate = Number(lesson.max_credited_rate);
		const settings = {
			maxRate: limits.maxRate === null ? courseRate : Math.min(courseRate, limits.maxRate),
			presence: lesson.presence_check || limits.presence
		};
		// Serialise starts of one person (two devices pressing play at once);
		// the partial unique index playbacks_one_active is the backstop.
		await tx`select pg_advisory_xact_lock(hashtext('xuefan:playback'), ${user.id})`;
		const superseded = await tx`
			update playbacks set superseded_at = ${at}, superseded_by_same_device = (device_id = ${input.deviceId})
			where user_id = ${user.id} and superseded_at is null
			returning id`;
		const id = randomUUID();
		const checkId = settings.presence ? randomUUID() : null;
		const delay = nextPresenceDelay();
		await tx`
			insert into playbacks (id, user_id, lesson_id, device_id, started_at, presence_check_id, presence_due_at,
				programme_max_rate, programme_presence)
			values (${id}, ${user.id}, ${input.lessonId}, ${input.deviceId}, ${at}, ${checkId},
				${checkId ? new Date(at.getTime() + delay * 1000) : null}, ${limits.maxRate}, ${limits.presence})`;
		const [progress] = await tx`
			select position from lesson_progress where user_id = ${user.id} and lesson_id = ${input.lessonId}`;
		const duration: number = lesson.duration_seconds;
		const position = progress ? Number(progress.position) : 0;
		return {
			ok: true,
			superseded: superseded.map((r) => r.id as string),
			playback: {
				playbackId: id,
				lessonId: input.lessonId,
				duration,
				// At the very end, start again from the top rather than on the last frame.
				position: position >= duration - 3 ? 0 : position,
				maxRate: settings.maxRate,
				completionRatio: Number(lesson.completion_ratio),
				heartbeatMs: HEARTBEAT_MS,
				presence: checkId ? { checkId, dueInSeconds: delay } : null
			}
		} as const;
	});
}

export type PresenceOutcome =
	| { ok: true; presence: PresenceInfo }
	| { ok: false; status: 404 | 409; code: 'not_found' | 'wrong_check' };

/**
 * Answers the open presence check: it must be the open one (and due, give or
 * take a few seconds: the player shows it at dueInSeconds). Schedules the next.
 */
export async function answerPresence(
	sql: postgres.Sql,
	userId: number,
	playbackId: string,
	checkId: string,
	now?: Date
): Promise<PresenceOutcome> {
	return sql.begin(async (tx) => {
		const at: Date = now ?? (await tx`select now() as now`)[0].now;
		const [pb] = await tx`
			select presence_check_id, presence_due_at from playbacks
			where id = ${playbackId} and user_id = ${userId} for update`;
		if (!pb) return { ok: false, status: 404, code: 'not_found' } as const;
		if (
			pb.presence_check_id !== checkId ||
			!pb.presence_due_at ||
			pb.presence_due_at.getTime() > at.getTime() + 5000
		) {
			return { ok: false, status: 409, code: 'wrong_check' } as const;
		}
		const next = randomUUID();
		const delay = nextPresenceDelay();
		await tx`
			update playbacks set presence_check_id = ${next}, presence_due_at = ${new Date(at.getTime() + delay * 1000)}
			where id = ${playbackId}`;
		return { ok: true, presence: { checkId: next, dueInSeconds: delay } } as const;
	});
}
