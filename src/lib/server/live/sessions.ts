// Scheduling live sessions: create, edit and cancel (while scheduled), one
// session's row, and the sessions a person sees. The audience rule here is
// the same as roleInSession (audience.ts), written as a filter for lists.
import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../auth/types.ts';
import { canEditCourse } from '../courses/access.ts';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { concentratedFor, recordConcentrated, type Actor } from './concentrated.ts';
import { LiveError } from './errors.ts';
import { emitStatus } from './status.ts';
import { checkSessionInput, type RawSessionInput, type SessionInput } from './validation.ts';
import { isId } from '../../api/ids.ts';
import type { LiveStatus } from '../../api/live-room.ts';
import type { SignalSource } from '../../api/live-signal.ts';

export type { LiveStatus };
type Who = Pick<SessionUser, 'id' | 'roles'>;

export interface LiveSession {
	id: number;
	title: string;
	description: string;
	lecturerId: number;
	lecturerName: string;
	startsAt: Date;
	expectedMinutes: number;
	programmeId: number | null;
	courseId: number | null;
	courseTitle: string | null;
	status: LiveStatus;
	startedAt: Date | null;
	endedAt: Date | null;
	streamKey: string;
	replayLessonId: number | null;
	replayCourseId: number | null;
	creditHours: number;
	/** counts as concentrated training (set by an administrator, concentrated.ts) */
	concentrated: boolean;
	unitIds: number[];
	/** what last fed media to the server, and how long ago (ms; null: never) */
	mediaSource: SignalSource | null;
	mediaAgeMs: number | null;
}

const columns = (sql: Db) => sql`
	s.id, s.title, s.description, s.lecturer_id as "lecturerId", u.name as "lecturerName", s.starts_at as "startsAt",
	s.expected_minutes as "expectedMinutes", s.programme_id as "programmeId", s.course_id as "courseId",
	(select c.title from courses c where c.id = s.course_id) as "courseTitle", s.status,
	s.started_at as "startedAt", s.ended_at as "endedAt", s.stream_key as "streamKey",
	s.replay_lesson_id as "replayLessonId", rl.course_id as "replayCourseId", s.credit_hours::float8 as "creditHours",
	s.concentrated,
	s.media_source as "mediaSource", (extract(epoch from now() - s.media_at) * 1000)::float8 as "mediaAgeMs",
	coalesce((select array_agg(lu.unit_id order by lu.unit_id) from live_session_units lu where lu.session_id = s.id), '{}') as "unitIds"`;

export async function getSession(sql: Db, id: number): Promise<LiveSession | null> {
	if (!isId(id)) return null;
	const [row] = await sql<LiveSession[]>`
		select ${columns(sql)} from live_sessions s join users u on u.id = s.lecturer_id
		left join lessons rl on rl.id = s.replay_lesson_id
		where s.id = ${id}`;
	return row ?? null;
}

export const newStreamKey = () => randomBytes(18).toString('base64url');

/** The references in the input exist and the person may use them; returns the lecturer id. */
async function checkRefs(tx: Db, user: Who, input: SessionInput): Promise<number> {
	const admin = user.roles.includes('admin');
	// A lecturer schedules their own sessions; an administrator names the lecturer.
	const lecturerId = admin ? input.lecturerId : (input.lecturerId ?? user.id);
	if (!lecturerId || (!admin && lecturerId !== user.id)) throw new LiveError('lecturer_invalid');
	const [lecturer] =
		await tx`select 1 from users where id = ${lecturerId} and active and 'lecturer' = any(roles)`;
	if (!lecturer) throw new LiveError('lecturer_invalid');
	if (input.programmeId) {
		const [p] =
			await tx`select 1 from programmes where id = ${input.programmeId} and status <> 'archived'`;
		if (!p) throw new LiveError('programme_invalid');
	}
	if (input.unitIds.length) {
		const [{ n }] = await tx<
			{ n: number }[]
		>`select count(*)::int as n from org_units where id = any(${input.unitIds}::int[])`;
		if (n !== input.unitIds.length) throw new LiveError('unit_invalid');
	}
	if (input.courseId && !(await canEditCourse(tx, user, input.courseId)))
		throw new LiveError('course_invalid');
	return lecturerId;
}

/** `ip`: the client's address, for the audit entry of an administrator's concentrated mark. */
interface WriteOptions {
	now?: number;
	ip?: string | null;
}

export async function createSession(
	sql: Db,
	user: Actor,
	raw: RawSessionInput,
	{ now = Date.now(), ip = null }: WriteOptions = {}
): Promise<number> {
	const input = checkSessionInput(raw, now);
	const concentrated = concentratedFor(user, input.concentrated, false);
	return inTransaction(sql, async (tx) => {
		const lecturerId = await checkRefs(tx, user, input);
		const [{ id }] = await tx<{ id: number }[]>`
			insert into live_sessions (title, description, lecturer_id, created_by, starts_at, expected_minutes, programme_id, course_id, stream_key, credit_hours, concentrated)
			values (${input.title}, ${input.description}, ${lecturerId}, ${user.id}, ${input.startsAt}, ${input.expectedMinutes},
				${input.programmeId}, ${input.courseId}, ${newStreamKey()}, ${input.creditHours}, ${concentrated})
			returning id`;
		await recordConcentrated(tx, user, id, false, concentrated, ip);
		if (input.unitIds.length) {
			await tx`insert into live_session_units (session_id, unit_id) select ${id}, unnest(${input.unitIds}::int[])`;
		}
		return id;
	});
}

/** May this person edit, cancel or broadcast the session? (its lecturer or an admin) */
export const canManage = (user: Who, s: Pick<LiveSession, 'lecturerId'>) =>
	user.roles.includes('admin') || s.lecturerId === user.id;

export async function updateSession(
	sql: Db,
	user: Actor,
	id: number,
	raw: RawSessionInput,
	{ now = Date.now(), ip = null }: WriteOptions = {}
): Promise<void> {
	const input = checkSessionInput(raw, now);
	await inTransaction(sql, async (tx) => {
		const [row] = await tx<{ lecturerId: number; status: LiveStatus; concentrated: boolean }[]>`
			select lecturer_id as "lecturerId", status, concentrated from live_sessions where id = ${id} for update`;
		if (!row || !canManage(user, row)) throw new LiveError('not_found');
		if (row.status !== 'scheduled') throw new LiveError('not_editable');
		const concentrated = concentratedFor(user, input.concentrated, row.concentrated);
		const lecturerId = await checkRefs(tx, user, input);
		await recordConcentrated(tx, user, id, row.concentrated, concentrated, ip);
		await tx`
			update live_sessions set title = ${input.title}, description = ${input.description}, lecturer_id = ${lecturerId},
				starts_at = ${input.startsAt}, expected_minutes = ${input.expectedMinutes}, programme_id = ${input.programmeId},
				course_id = ${input.courseId}, credit_hours = ${input.creditHours}, concentrated = ${concentrated}, updated_at = now(),
				-- a new time deserves a new reminder
				reminder_sent_at = case when starts_at = ${input.startsAt} then reminder_sent_at end
			where id = ${id}`;
		await tx`delete from live_session_units where session_id = ${id}`;
		if (input.unitIds.length) {
			await tx`insert into live_session_units (session_id, unit_id) select ${id}, unnest(${input.unitIds}::int[])`;
		}
	});
}

export async function cancelSession(sql: Db, user: Who, id: number): Promise<void> {
	const s = await getSession(sql, id);
	if (!s || !canManage(user, s)) throw new LiveError('not_found');
	const rows =
		await sql`update live_sessions set status = 'cancelled', updated_at = now() where id = ${id} and status = 'scheduled' returning id`;
	if (!rows.length) throw new LiveError('not_editable');
	emitStatus(id, 'cancelled');
}

export interface SessionListItem {
	id: number;
	title: string;
	lecturerName: string;
	startsAt: Date;
	expectedMinutes: number;
	status: LiveStatus;
	replayLessonId: number | null;
	replayCourseId: number | null;
	mine: boolean;
}

/**
 * What a person sees on /live: live now, upcoming (scheduled), and the last
 * ended ones with their replays. Admins see all; lecturers their own too.
 */
export async function listSessionsFor(
	sql: Db,
	user: Who,
	pastLimit = 20
): Promise<{ live: SessionListItem[]; upcoming: SessionListItem[]; past: SessionListItem[] }> {
	const admin = user.roles.includes('admin');
	const rows = await sql<(SessionListItem & { bucket: string })[]>`
		with mine as (
			select s.id from live_sessions s
			where ${admin} or s.lecturer_id = ${user.id}
				or exists (
					select 1 from live_session_units lu join org_closure c on c.ancestor_id = lu.unit_id
					join users me on me.unit_id = c.descendant_id
					where lu.session_id = s.id and me.id = ${user.id} and me.active)
				or (s.programme_id is not null and exists (
					select 1 from programme_assignments pa
					where pa.programme_id = s.programme_id and pa.user_id = ${user.id} and pa.removed_at is null))
		), picked as (
			(select s.id, 'live' as bucket from live_sessions s join mine using (id) where s.status = 'live')
			union all
			(select s.id, 'upcoming' from live_sessions s join mine using (id) where s.status = 'scheduled' order by s.starts_at limit 100)
			union all
			(select s.id, 'past' from live_sessions s join mine using (id) where s.status = 'ended' order by s.ended_at desc nulls last limit ${pastLimit})
		)
		select p.bucket, s.id, s.title, u.name as "lecturerName", s.starts_at as "startsAt", s.expected_minutes as "expectedMinutes",
			s.status, s.replay_lesson_id as "replayLessonId", rl.course_id as "replayCourseId", s.lecturer_id = ${user.id} as mine
		from picked p join live_sessions s on s.id = p.id join users u on u.id = s.lecturer_id
		left join lessons rl on rl.id = s.replay_lesson_id
		order by case when p.bucket = 'past' then -extract(epoch from s.ended_at) else extract(epoch from s.starts_at) end`;
	const pick = (b: string) => rows.filter((r) => r.bucket === b).map(({ bucket: _, ...r }) => r);
	return { live: pick('live'), upcoming: pick('upcoming'), past: pick('past') };
}

export interface FormOptions {
	lecturers: { id: number; name: string }[];
	programmes: { id: number; title: string }[];
	units: { id: number; name: string; depth: number }[];
	courses: { id: number; title: string }[];
}

/** The choices of the scheduling form for this person. */
export async function formOptions(sql: Db, user: Who): Promise<FormOptions> {
	const admin = user.roles.includes('admin');
	const lecturers = admin
		? await sql<
				{ id: number; name: string }[]
			>`select id, name from users where active and 'lecturer' = any(roles) order by name limit 500`
		: await sql<{ id: number; name: string }[]>`select id, name from users where id = ${user.id}`;
	const programmes = await sql<{ id: number; title: string }[]>`
		select id, title from programmes where status <> 'archived' order by created_at desc limit 200`;
	// Units in tree order (depth-first by path of names), indented by depth.
	const units = await sql<{ id: number; name: string; depth: number }[]>`
		select u.id, u.name, (select count(*) - 1 from org_closure c where c.descendant_id = u.id)::int as depth
		from org_units u
		order by (select string_agg(a.name, '/' order by c.depth desc) from org_closure c join org_units a on a.id = c.ancestor_id where c.descendant_id = u.id)
		limit 3000`;
	const courses = await sql<{ id: number; title: string }[]>`
		select c.id, c.title from courses c
		where c.status <> 'archived' and (${admin} or exists (select 1 from course_lecturers l where l.course_id = c.id and l.user_id = ${user.id}))
		order by c.updated_at desc limit 300`;
	return { lecturers, programmes, units, courses };
}
