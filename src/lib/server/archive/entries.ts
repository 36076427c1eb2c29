// A person's valid ledger entries (credit_ledger_valid only: a voided entry
// never counts) over a span of years, each with its source key and a title
// from whatever it came from.
import type { Db } from '../db/index.ts';
import type { ArchiveEntry, RequirementSource } from '../../api/archive.ts';

/** The id in source_id when it is a plain number for this source, else null (no cast errors). */
const idOf = (sql: Db, source: string) =>
	sql`(case when l.source = ${source} and l.source_id ~ '^[0-9]{1,9}$' then l.source_id::int end)`;

export async function validEntries(
	sql: Db,
	userId: number,
	fromYear: number,
	toYear: number,
	zone: string
): Promise<ArchiveEntry[]> {
	const rows = await sql`
		select l.id, l.year, l.hours,
			to_char(l.earned_at at time zone ${zone}, 'YYYY-MM-DD') as earned_on,
			case when l.source = 'live' and ls.concentrated then 'live_concentrated' else l.source end as source,
			coalesce(c.title, ls.title, cl.title, q.title, tr.title, cs.topic, nullif(l.note, '')) as title
		from credit_ledger_valid l
		left join courses c on c.id = ${idOf(sql, 'course')}
		left join live_sessions ls on ls.id = ${idOf(sql, 'live')}
		left join classes cl on cl.id = ${idOf(sql, 'offline')}
		left join quizzes q on q.id = ${idOf(sql, 'exam')}
		left join class_sessions cs on l.source = 'teaching'
			and cs.id = (case when l.source_id ~ '^class_session:[0-9]{1,9}$' then substr(l.source_id, 15)::int end)
		left join training_records tr on tr.ledger_entry_id = l.id
		where l.user_id = ${userId} and l.year between ${fromYear} and ${toYear}
		order by l.earned_at desc, l.id desc`;
	return rows.map((r) => ({
		id: Number(r.id),
		year: r.year,
		source: r.source as RequirementSource,
		title: r.title ?? null,
		hours: Number(r.hours),
		earnedOn: r.earned_on
	}));
}

/** Σ hours, rounded to hundredths (the ledger's precision) so sums of decimals compare exactly. */
export const sumHours = (entries: { hours: number }[]): number =>
	Math.round(entries.reduce((s, e) => s + e.hours * 100, 0)) / 100;
