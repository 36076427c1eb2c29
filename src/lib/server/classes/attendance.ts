// Attendance per session, three ways writing the same record
// (class_attendance): the trainee's scan of the room's rotating QR code (or
// its typed fallback), the organiser's scan of the trainee's personal code,
// and manual marking. Only people with status 'enrolled' get a record.
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { ClassError } from './errors.ts';
import { checkPersonalCode, checkScreenToken, matchTypedCode } from './codes.ts';

export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';
type Method = 'screen_qr' | 'typed_code' | 'personal_code' | 'manual';

/** Arriving later than this after the start counts as late. */
export const LATE_AFTER_MINUTES = 15;

async function write(
	tx: postgres.TransactionSql,
	r: {
		classId: number;
		sessionId: number;
		userId: number;
		status: AttendanceStatus | 'auto';
		method: Method;
		by: number | null;
	},
	use?: { step: number; kind: 'qr' | 'typed' }
): Promise<AttendanceStatus> {
	const [s] = await tx`
		select s.starts_at, c.status from class_sessions s join classes c on c.id = s.class_id
		where s.id = ${r.sessionId} and s.class_id = ${r.classId}`;
	if (!s) throw new ClassError('not_found');
	if (s.status === 'finished') throw new ClassError('finished');
	const [e] = await tx`
		select status from class_enrolments where class_id = ${r.classId} and user_id = ${r.userId} for share`;
	if (!e || e.status !== 'enrolled') throw new ClassError('not_enrolled');
	if (use) {
		const fresh = await tx`
			insert into class_checkin_uses (session_id, user_id, step, code_kind)
			values (${r.sessionId}, ${r.userId}, ${use.step}, ${use.kind})
			on conflict do nothing returning step`;
		if (!fresh.length) throw new ClassError('code_replayed');
	}
	const late = Date.now() > new Date(s.starts_at).getTime() + LATE_AFTER_MINUTES * 60_000;
	const status: AttendanceStatus = r.status === 'auto' ? (late ? 'late' : 'present') : r.status;
	// a scan never lowers what is recorded (present stays present); marking by hand sets it
	const [row] = await tx`
		insert into class_attendance (session_id, class_id, user_id, status, method, marked_by)
		values (${r.sessionId}, ${r.classId}, ${r.userId}, ${status}, ${r.method}, ${r.by})
		on conflict (session_id, user_id) do update set
			status = excluded.status, method = excluded.method, marked_by = excluded.marked_by, marked_at = now()
			where ${r.status !== 'auto'}::boolean or class_attendance.status in ('absent', 'excused')
		returning status`;
	if (row) return row.status;
	const [kept] = await tx`
		select status from class_attendance where session_id = ${r.sessionId} and user_id = ${r.userId}`;
	return kept.status;
}

/**
 * The trainee checks in from their class page: `qr` is the scanned text (the
 * token or the URL carrying it), or `typed` the six digits for `sessionId`.
 * `sessionId` (the session the page is on) is optional for a QR code.
 */
export async function checkIn(
	sql: Db,
	input: { userId: number; classId: number; sessionId?: number; qr?: string; typed?: string },
	now = Date.now()
): Promise<{ sessionId: number; status: AttendanceStatus }> {
	let sessionId: number;
	let use: { step: number; kind: 'qr' | 'typed' };
	let method: Method;
	if (input.qr !== undefined) {
		const check = await checkScreenToken(sql, input.qr, now);
		if (check.classId !== undefined && check.classId !== input.classId)
			throw new ClassError('code_other_class');
		if (!check.ok) throw new ClassError(check.reason);
		if (input.sessionId !== undefined && check.sessionId !== input.sessionId)
			throw new ClassError('code_other_session');
		sessionId = check.sessionId;
		use = { step: check.step, kind: 'qr' };
		method = 'screen_qr';
	} else {
		if (input.sessionId === undefined) throw new ClassError('code_invalid');
		const ids = (await sql`select id from class_sessions where class_id = ${input.classId}`).map(
			(r) => r.id as number
		);
		const match = await matchTypedCode(sql, input.classId, ids, input.typed ?? '', now);
		if (!match) throw new ClassError('code_invalid');
		if (match.sessionId !== input.sessionId) throw new ClassError('code_other_session');
		if (match.step === 'expired') throw new ClassError('code_expired');
		sessionId = match.sessionId;
		use = { step: match.step, kind: 'typed' };
		method = 'typed_code';
	}
	const status = await inTransaction(sql, (tx) =>
		write(
			tx,
			{
				classId: input.classId,
				sessionId,
				userId: input.userId,
				status: 'auto',
				method,
				by: input.userId
			},
			use
		)
	);
	return { sessionId, status };
}

/** The organiser scans a trainee's personal code for a session of the class. */
export async function markByPersonalCode(
	sql: Db,
	input: { classId: number; sessionId: number; code: string; by: number }
): Promise<{ userId: number; name: string; status: AttendanceStatus }> {
	const who = await checkPersonalCode(sql, input.code);
	if (!who) throw new ClassError('code_invalid');
	if (who.classId !== input.classId) throw new ClassError('code_other_class');
	const status = await inTransaction(sql, (tx) =>
		write(tx, { ...input, userId: who.userId, status: 'auto', method: 'personal_code' })
	);
	const [u] = await sql`select name from users where id = ${who.userId}`;
	return { userId: who.userId, name: u.name, status };
}

/** The organiser marks a trainee by hand. */
export async function markManual(
	sql: Db,
	input: {
		classId: number;
		sessionId: number;
		userId: number;
		status: AttendanceStatus;
		by: number;
	}
): Promise<AttendanceStatus> {
	return inTransaction(sql, (tx) => write(tx, { ...input, method: 'manual' }));
}

export interface SheetRow {
	userId: number;
	name: string;
	unitName: string;
	status: AttendanceStatus | null;
	method: Method | null;
}

/** Everyone enrolled, with their record for the session (null: none yet). */
export async function attendanceSheet(
	sql: Db,
	classId: number,
	sessionId: number
): Promise<SheetRow[]> {
	return sql<SheetRow[]>`
		select e.user_id as "userId", u.name, o.name as "unitName", a.status, a.method
		from class_enrolments e join users u on u.id = e.user_id join org_units o on o.id = u.unit_id
		left join class_attendance a on a.session_id = ${sessionId} and a.user_id = e.user_id
		where e.class_id = ${classId} and e.status = 'enrolled'
		order by u.name, u.id`;
}
