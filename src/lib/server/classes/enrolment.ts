// Enrolment (报名/调训): unit leaders nominate people of their subtree under
// their unit's quota; the organiser (an administrator) selects anyone. Past
// the capacity people join the waiting list, which moves up on withdrawal.
//
// Every call locks the class row first, so concurrent nominations are served
// one after another; the counters' check constraints (0110) refuse anything
// that would still pass the capacity or a quota.
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { ClassError, classErrorMessage, type ClassErrorCode } from './errors.ts';

export interface Actor {
	id: number;
	roles: string[];
}

export interface NominateResult {
	enrolled: number[];
	waitlisted: number[];
	/**
	 * `reason` is a sentence in the request's language (paraglide's request
	 * locale; zh-CN outside a request); `code` is the stable refusal code
	 * (message key `class_err_<code>`).
	 */
	refused: { userId: number; reason: string; code: ClassErrorCode }[];
}

const isAdmin = (a: Actor) => a.roles.includes('admin');

/** Locks the class; throws not_found / not_open / finished. */
async function lockClass(tx: Db, classId: number) {
	const [c] = await tx`
		select id, status, capacity, enrolled_count from classes where id = ${classId} for update`;
	if (!c) throw new ClassError('not_found');
	return c as { id: number; status: string; capacity: number; enrolled_count: number };
}

/**
 * Nominates (leader) or selects (admin) people into a class. People are
 * handled in the order given; each is enrolled, waitlisted (class full) or
 * refused with a reason; nothing is written for a refused person.
 * Throws ClassError for the class itself (not found, not open for enrolment).
 */
export async function nominate(
	sql: Db,
	input: { classId: number; actor: Actor; userIds: number[] },
	options: { waitlist?: boolean } = {}
): Promise<NominateResult> {
	const waitlist = options.waitlist ?? true;
	const admin = isAdmin(input.actor);
	if (!admin && !input.actor.roles.includes('leader')) throw new ClassError('outside_scope');
	return inTransaction(sql, async (tx) => {
		const c = await lockClass(tx, input.classId);
		if (c.status === 'finished') throw new ClassError('finished');
		if (admin ? c.status === 'running' : c.status !== 'enrolling') throw new ClassError('not_open');
		const out: NominateResult = { enrolled: [], waitlisted: [], refused: [] };
		let enrolledCount = c.enrolled_count;
		const refuse = (userId: number, code: ClassErrorCode, params: Record<string, string> = {}) =>
			out.refused.push({ userId, code, reason: classErrorMessage(new ClassError(code, params)) });
		for (const userId of [...new Set(input.userIds)]) {
			const [u] = await tx`
				select u.id, u.name, u.unit_id, u.active,
					(select status from class_enrolments where class_id = ${c.id} and user_id = u.id) as status,
					${admin}::boolean or exists (
						select 1 from leader_scopes s join org_closure oc on oc.ancestor_id = s.unit_id
						where s.user_id = ${input.actor.id} and oc.descendant_id = u.unit_id) as in_scope
				from users u where u.id = ${userId}`;
			if (!u || !u.active) {
				refuse(userId, 'user_not_found');
				continue;
			}
			if (!u.in_scope) {
				refuse(userId, 'outside_scope', { name: u.name });
				continue;
			}
			if (u.status === 'enrolled' || u.status === 'waitlisted') {
				refuse(userId, 'already_enrolled', { name: u.name });
				continue;
			}
			let quotaUnit: number | null = null;
			if (!admin) {
				// the nearest unit at or above the person's unit that holds a quota of this class
				const [q] = await tx`
					select q.unit_id, q.quota, q.used, o.name
					from org_closure oc
					join class_quotas q on q.class_id = ${c.id} and q.unit_id = oc.ancestor_id
					join org_units o on o.id = q.unit_id
					where oc.descendant_id = ${u.unit_id}
					order by oc.depth limit 1
					for update of q`;
				if (!q) {
					refuse(userId, 'quota_none', { name: u.name });
					continue;
				}
				if (q.used >= q.quota) {
					refuse(userId, 'quota_full', { unit: q.name, quota: String(q.quota) });
					continue;
				}
				quotaUnit = q.unit_id;
			}
			const fits = enrolledCount < c.capacity;
			if (!fits && !waitlist) {
				refuse(userId, 'full');
				continue;
			}
			const status = fits ? 'enrolled' : 'waitlisted';
			await tx`
				insert into class_enrolments (class_id, user_id, status, via, quota_unit_id, nominated_by, enrolled_at)
				values (${c.id}, ${userId}, ${status}, ${admin ? 'selection' : 'nomination'}, ${quotaUnit},
					${input.actor.id}, ${fits ? tx`now()` : null})
				on conflict (class_id, user_id) do update set
					status = excluded.status, via = excluded.via, quota_unit_id = excluded.quota_unit_id,
					nominated_by = excluded.nominated_by, enrolled_at = excluded.enrolled_at,
					queued_at = clock_timestamp(), withdrawn_at = null, completed_at = null`;
			if (fits) {
				enrolledCount++;
				out.enrolled.push(userId);
			} else out.waitlisted.push(userId);
		}
		return out;
	});
}

/**
 * Withdraws a person (the person themself, an admin, or a leader whose subtree
 * holds them). If they held a place, the first on the waiting list takes it.
 * Returns the promoted person's id, if any.
 */
export async function withdraw(
	sql: Db,
	input: { classId: number; actor: Actor; userId: number }
): Promise<{ promoted: number | null }> {
	return inTransaction(sql, async (tx: postgres.TransactionSql) => {
		const c = await lockClass(tx, input.classId);
		if (c.status === 'finished') throw new ClassError('finished');
		const [e] = await tx`
			select e.status, (${isAdmin(input.actor)}::boolean or e.user_id = ${input.actor.id} or exists (
				select 1 from leader_scopes s join org_closure oc on oc.ancestor_id = s.unit_id
				join users u on u.id = e.user_id
				where s.user_id = ${input.actor.id} and oc.descendant_id = u.unit_id)) as may
			from class_enrolments e where e.class_id = ${c.id} and e.user_id = ${input.userId}`;
		if (!e || e.status === 'withdrawn') throw new ClassError('not_enrolled');
		if (!e.may) throw new ClassError('outside_scope', { name: '' });
		await tx`
			update class_enrolments set status = 'withdrawn', withdrawn_at = now()
			where class_id = ${c.id} and user_id = ${input.userId}`;
		if (e.status !== 'enrolled') return { promoted: null };
		const [next] = await tx`
			update class_enrolments set status = 'enrolled', enrolled_at = now()
			where id = (
				select id from class_enrolments where class_id = ${c.id} and status = 'waitlisted'
				order by queued_at, id limit 1 for update)
			returning user_id`;
		return { promoted: next ? (next.user_id as number) : null };
	});
}

export interface EnrolmentRow {
	userId: number;
	name: string;
	employeeNo: string;
	unitName: string;
	status: 'enrolled' | 'waitlisted' | 'withdrawn';
	via: 'nomination' | 'selection';
	completedAt: Date | null;
}

/** The class's enrolments (waiting list in its order), limited to the viewer's scope for leaders. */
export async function listEnrolments(
	sql: Db,
	classId: number,
	viewer: Actor
): Promise<EnrolmentRow[]> {
	const admin = isAdmin(viewer);
	return sql<EnrolmentRow[]>`
		select e.user_id as "userId", u.name, u.employee_no as "employeeNo", o.name as "unitName",
			e.status, e.via, e.completed_at as "completedAt"
		from class_enrolments e join users u on u.id = e.user_id join org_units o on o.id = u.unit_id
		where e.class_id = ${classId} and (${admin}::boolean or exists (
			select 1 from leader_scopes s join org_closure oc on oc.ancestor_id = s.unit_id
			where s.user_id = ${viewer.id} and oc.descendant_id = u.unit_id))
		order by case e.status when 'enrolled' then 0 when 'waitlisted' then 1 else 2 end, e.queued_at, e.id`;
}
