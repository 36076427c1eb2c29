// A nomination's result as sentences with people's names: who got a place,
// who waits, and each refusal with its reason.
import { m } from '$lib/paraglide/messages.js';
import type { Db } from '$lib/server/db';
import type { NominateResult } from '$lib/server/classes/enrolment';

export async function nominationOutcome(sql: Db, out: NominateResult, unknown: string[] = []) {
	const ids = [...out.enrolled, ...out.waitlisted, ...out.refused.map((r) => r.userId)];
	const rows = await sql<{ id: number; name: string }[]>`
		select id, name from users where id = any(${ids}::int[])`;
	const name = (id: number) => rows.find((r) => r.id === id)?.name ?? String(id);
	return {
		enrolled: out.enrolled.map(name),
		waitlisted: out.waitlisted.map(name),
		refused: [
			...out.refused.map((r) => ({ name: name(r.userId), reason: r.reason })),
			...unknown.map((n) => ({ name: n, reason: m.class_err_user_not_found() }))
		]
	};
}
