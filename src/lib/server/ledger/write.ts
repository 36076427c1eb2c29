// Writes administrators' entries into the one ledger, in batches: each entry
// gets the credit rule version in force on its day (credit_version_at), the
// person who entered it and its reason; an out-of-region training or a
// secondment also gets its training_records row, pointing at the entry.
// (user, source, source_id) is unique, so writing an entry twice writes it once.
import type { Db } from '../db/index.ts';
import type { EnteredSource, RecordKind } from '../../api/ledger.ts';

export interface NewEntry {
	userId: number;
	source: EnteredSource;
	/** stable per entry: a random one for a form, a digest of the row for an import */
	sourceId: string;
	/** YYYY-MM-DD in the organisation's zone: the entry is earned at the start of it */
	day: string;
	hours: number;
	note: string;
	attachmentPath?: string | null;
	record?: {
		kind: RecordKind;
		title: string;
		organisation: string;
		place: string;
		startsOn: string;
		endsOn: string;
	};
}

export const BATCH = 2000;

/** Inside a transaction. Returns the ids of the entries written (in input order; null = was there already). */
export async function writeEntries(
	tx: Db,
	entries: NewEntry[],
	by: number,
	zone: string
): Promise<(number | null)[]> {
	const ids: (number | null)[] = [];
	for (let start = 0; start < entries.length; start += BATCH) {
		const batch = entries.slice(start, start + BATCH);
		const rows = await tx<{ id: string; user_id: number; source: string; source_id: string }[]>`
			with t as (
				select * from unnest(
					${batch.map((e) => e.userId)}::int[],
					${batch.map((e) => e.source)}::text[],
					${batch.map((e) => e.sourceId)}::text[],
					${batch.map((e) => e.day)}::date[],
					${batch.map((e) => e.hours)}::numeric[],
					${batch.map((e) => e.note)}::text[],
					${batch.map((e) => e.attachmentPath ?? '')}::text[]
				) as t (user_id, source, source_id, day, hours, note, attachment_path)
			)
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id,
				entered_by, note, attachment_path)
			select t.user_id, extract(year from t.day)::int, t.source, t.source_id, t.hours, e.at,
				credit_version_at(e.at), ${by}, nullif(t.note, ''), nullif(t.attachment_path, '')
			from t cross join lateral (select t.day::timestamp at time zone ${zone} as at) e
			on conflict (user_id, source, source_id) do nothing
			returning id, user_id, source, source_id`;
		const key = (u: number, s: string, id: string) => `${u}\u0000${s}\u0000${id}`;
		const written = new Map(rows.map((r) => [key(r.user_id, r.source, r.source_id), Number(r.id)]));
		const batchIds = batch.map((e) => written.get(key(e.userId, e.source, e.sourceId)) ?? null);
		const records = batch
			.map((e, i) => ({ e, id: batchIds[i] }))
			.filter((x): x is { e: NewEntry & { record: NonNullable<NewEntry['record']> }; id: number } =>
				Boolean(x.e.record && x.id !== null)
			);
		if (records.length)
			await tx`
				insert into training_records (user_id, kind, title, organisation, place, starts_on, ends_on,
					ledger_entry_id, entered_by)
				select * , ${by}::int from unnest(
					${records.map((r) => r.e.userId)}::int[],
					${records.map((r) => r.e.record.kind)}::text[],
					${records.map((r) => r.e.record.title)}::text[],
					${records.map((r) => r.e.record.organisation)}::text[],
					${records.map((r) => r.e.record.place)}::text[],
					${records.map((r) => r.e.record.startsOn)}::date[],
					${records.map((r) => r.e.record.endsOn)}::date[],
					${records.map((r) => r.id)}::bigint[]
				)`;
		ids.push(...batchIds);
	}
	return ids;
}
