// Finishing a class (结业): a trainee whose attendance (present or late)
// reaches the class's share of its sessions completes it, earns the class
// days × 'offline_class_day' 学时 in the ledger and gets a certificate; each
// session taught by a staff lecturer earns them 'teaching_session'. Rules
// are read from the version in force when the work was done (the end of the
// last session; the end of each session taught), which the entry records.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { yearOf } from '../clock/index.ts';
import { ClassError } from './errors.ts';
import { issueCertificate } from './certificates.ts';

async function ruleHours(
	tx: Db,
	kind: string,
	at: Date
): Promise<{ hours: number; version: number }> {
	const [r] = await tx`
		select credit_version_at(${at}) as version,
			(select hours from credit_rules where version_id = credit_version_at(${at}) and kind = ${kind}
			 order by id limit 1) as hours`;
	return { hours: r.hours === null ? 0 : Number(r.hours), version: r.version };
}

export interface FinishResult {
	completed: number[];
	notCompleted: number[];
	hours: number;
}

export async function finishClass(sql: Db, classId: number): Promise<FinishResult> {
	return inTransaction(sql, async (tx) => {
		const [c] = await tx`
			select id, status, days, completion_share from classes where id = ${classId} for update`;
		if (!c) throw new ClassError('not_found');
		if (c.status === 'finished') throw new ClassError('finished');
		const sessions = await tx`
			select s.id, s.ends_at, l.user_id as staff_id
			from class_sessions s left join lecturers l on l.id = s.lecturer_id
			where s.class_id = ${classId} order by s.ends_at`;
		if (!sessions.length) throw new ClassError('no_sessions');
		const endedAt: Date = sessions[sessions.length - 1].ends_at;
		const day = await ruleHours(tx, 'offline_class_day', endedAt);
		const hours = Math.round(c.days * day.hours * 100) / 100;
		const rows = await tx`
			select e.user_id,
				(select count(*) from class_attendance a
				 where a.class_id = e.class_id and a.user_id = e.user_id and a.status in ('present', 'late')) as attended
			from class_enrolments e where e.class_id = ${classId} and e.status = 'enrolled'
			order by e.user_id`;
		const out: FinishResult = { completed: [], notCompleted: [], hours };
		for (const r of rows) {
			// compare in whole numbers: attended / sessions ≥ share
			if (r.attended * 100 >= Math.round(Number(c.completion_share) * 100) * sessions.length)
				out.completed.push(r.user_id);
			else out.notCompleted.push(r.user_id);
		}
		if (out.completed.length) {
			await tx`
				update class_enrolments set completed_at = ${endedAt}
				where class_id = ${classId} and user_id = any(${out.completed}::int[])`;
			await tx`
				insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
				select u, ${yearOf(endedAt)}, 'offline', ${String(classId)}, ${hours}, ${endedAt}, ${day.version}
				from unnest(${out.completed}::int[]) u
				on conflict (user_id, source, source_id) do nothing`;
			for (const userId of out.completed) await issueCertificate(tx, classId, userId, hours);
		}
		for (const s of sessions) {
			if (s.staff_id === null) continue;
			const t = await ruleHours(tx, 'teaching_session', s.ends_at);
			await tx`
				insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
				values (${s.staff_id}, ${yearOf(s.ends_at)}, 'teaching', ${'class_session:' + s.id}, ${t.hours},
					${s.ends_at}, ${t.version})
				on conflict (user_id, source, source_id) do nothing`;
		}
		await tx`update classes set status = 'finished', finished_at = now() where id = ${classId}`;
		return out;
	});
}
