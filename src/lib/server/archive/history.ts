// A person's training history over a span of years: offline classes they
// were enrolled in (with the 学时 the class earned them), out-of-region
// training and secondments (training_records), and live sessions that
// credited them; newest first. Hours come from valid entries only.
import type { Db } from '../db/index.ts';
import type { HistoryItem } from '../../api/archive.ts';

const ymd = (d: Date | string) =>
	typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);

export async function trainingHistory(
	sql: Db,
	userId: number,
	fromYear: number,
	toYear: number,
	zone: string
): Promise<HistoryItem[]> {
	const from = `${fromYear}-01-01`;
	const to = `${toYear}-12-31`;
	const rows = await sql`
		select 'class' as kind, c.title, coalesce(o.name, '') as organisation, c.starts_on, c.ends_on,
			case when e.completed_at is not null then 'completed' else e.status end as status,
			(select sum(l.hours) from credit_ledger_valid l
				where l.user_id = e.user_id and l.source = 'offline' and l.source_id = c.id::text) as hours
		from class_enrolments e join classes c on c.id = e.class_id
		left join org_units o on o.id = c.organiser_unit_id
		where e.user_id = ${userId} and e.status <> 'withdrawn'
			and c.starts_on <= ${to}::date and c.ends_on >= ${from}::date
		union all
		select t.kind, t.title, t.organisation, t.starts_on, t.ends_on, '' as status, l.hours
		from training_records t left join credit_ledger_valid l on l.id = t.ledger_entry_id
		where t.user_id = ${userId} and t.starts_on <= ${to}::date and t.ends_on >= ${from}::date
		union all
		select 'live', s.title, '', (coalesce(s.ended_at, l.earned_at) at time zone ${zone})::date,
			(coalesce(s.ended_at, l.earned_at) at time zone ${zone})::date,
			'completed', l.hours
		from credit_ledger_valid l join live_sessions s
			on s.id = (case when l.source_id ~ '^[0-9]{1,9}$' then l.source_id::int end)
		where l.user_id = ${userId} and l.source = 'live' and l.year between ${fromYear} and ${toYear}
		order by 4 desc, 2`;
	return rows.map((r) => ({
		kind: r.kind,
		title: r.title,
		organisation: r.organisation,
		startsOn: ymd(r.starts_on),
		endsOn: ymd(r.ends_on),
		status: r.status,
		hours: r.hours === null ? null : Number(r.hours)
	}));
}
