// Whether a live session counts as concentrated training (集中培训学时,
// migration 0103). Which sources count is part of the 学时 rule (issue 12), so
// only an administrator sets it, each change goes into the audit log, and a
// lecturer's form shows it read-only. Changing it after the session ended moves
// the hours already credited between 'live' and 'live_concentrated' (the
// trigger of migration 0104), so it may be set in any status.
import * as audit from '../audit/index.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { LiveError } from './errors.ts';
import { parseConcentrated } from './validation.ts';

export type Actor = Pick<SessionUser, 'id' | 'roles' | 'employeeNo' | 'name'>;

/** The value to store: a non-administrator who would change it is refused. */
export function concentratedFor(
	user: Pick<Actor, 'roles'>,
	wanted: boolean | null,
	current: boolean
) {
	if (wanted === null || wanted === current) return current;
	if (!user.roles.includes('admin')) throw new LiveError('concentrated_admin_only');
	return wanted;
}

/** The audit entry of a change, in the caller's transaction; nothing when unchanged. */
export async function recordConcentrated(
	tx: Db,
	user: Actor,
	sessionId: number,
	from: boolean,
	to: boolean,
	ip: string | null = null
): Promise<void> {
	if (from === to) return;
	await audit.record(tx, {
		actor: user,
		action: 'live.concentrated',
		target: `live:${sessionId}`,
		detail: { from, to },
		ip
	});
}

/** An administrator marks a session concentrated or not, in any status; returns whether it changed. */
export async function setConcentrated(
	sql: Db,
	user: Actor,
	sessionId: number,
	raw: unknown,
	ip: string | null = null
): Promise<boolean> {
	if (!user.roles.includes('admin')) throw new LiveError('concentrated_admin_only');
	const wanted = parseConcentrated(raw) ?? false;
	return inTransaction(sql, async (tx) => {
		const [row] = await tx<{ concentrated: boolean }[]>`
			select concentrated from live_sessions where id = ${sessionId} for update`;
		if (!row) throw new LiveError('not_found');
		const to = concentratedFor(user, wanted, row.concentrated);
		if (to === row.concentrated) return false;
		await tx`update live_sessions set concentrated = ${to}, updated_at = now() where id = ${sessionId}`;
		await recordConcentrated(tx, user, sessionId, row.concentrated, to, ip);
		return true;
	});
}
