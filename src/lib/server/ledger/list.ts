// One person's ledger as the admin entries page shows it: every entry, the
// voided ones too (with who, when and why), newest first, with who entered
// it and the details of an out-of-region training or secondment.
import type { Db } from '../db/index.ts';
import type { LedgerEntryView, LedgerSource } from '../../api/ledger.ts';

export const LIST_LIMIT = 1000;

export async function listEntries(
	sql: Db,
	userId: number,
	zone: string
): Promise<LedgerEntryView[]> {
	const rows = await sql`
		select l.id, l.source, l.year, l.hours, l.note, l.attachment_path is not null as has_attachment,
			to_char(l.earned_at at time zone ${zone}, 'YYYY-MM-DD') as day,
			to_char(l.created_at at time zone ${zone}, 'YYYY-MM-DD HH24:MI:SS') as entered_at,
			eb.name as entered_by,
			r.title, r.organisation, r.place,
			to_char(r.starts_on, 'YYYY-MM-DD') as starts_on, to_char(r.ends_on, 'YYYY-MM-DD') as ends_on,
			v.reason as void_reason, vb.name as voided_by,
			to_char(v.voided_at at time zone ${zone}, 'YYYY-MM-DD HH24:MI:SS') as voided_at
		from credit_ledger l
		left join users eb on eb.id = l.entered_by
		left join training_records r on r.ledger_entry_id = l.id
		left join credit_ledger_voids v on v.entry_id = l.id
		left join users vb on vb.id = v.voided_by
		where l.user_id = ${userId}
		order by l.earned_at desc, l.id desc
		limit ${LIST_LIMIT}`;
	return rows.map((r) => ({
		id: Number(r.id),
		source: r.source as LedgerSource,
		day: r.day,
		year: r.year,
		hours: Number(r.hours),
		note: r.note,
		enteredBy: r.entered_by,
		enteredAt: r.entered_at,
		hasAttachment: r.has_attachment,
		record:
			r.title === null
				? null
				: {
						title: r.title,
						organisation: r.organisation,
						place: r.place,
						startsOn: r.starts_on,
						endsOn: r.ends_on
					},
		voided:
			r.void_reason === null ? null : { by: r.voided_by, at: r.voided_at, reason: r.void_reason }
	}));
}

/** The stored attachment of an entry of this person (null when there is none). */
export async function attachmentPathOf(
	sql: Db,
	userId: number,
	entryId: number
): Promise<string | null> {
	const [row] = await sql`
		select attachment_path from credit_ledger where id = ${entryId} and user_id = ${userId}`;
	return row?.attachment_path ?? null;
}
