// An administrator's entries for one person: a manual entry (with a reason
// and an optional scanned certificate), an out-of-region training or a
// secondment. Refused input writes nothing, on disk or in the database: the
// attachment is stored only once everything else is valid, and removed again
// when the transaction does not commit.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { ledger as limits } from '../../api/limits.ts';
import { removeAttachment, sniffAttachment, storeAttachment } from './attachments.ts';
import type { EntryError, ManualInput, RecordInput } from './validate.ts';
import { writeEntries, type NewEntry } from './write.ts';

export type Written = { ok: true; id: number } | { ok: false; errors: EntryError[] };

export interface Attachment {
	bytes: Uint8Array;
}

/** The attachment's problem, if any (size first, then what its bytes say it is). */
export function attachmentError(a: Attachment | null): EntryError | null {
	if (!a) return null;
	if (a.bytes.length > limits.attachment)
		return {
			field: 'attachment',
			code: 'attachment_too_large',
			params: { mb: limits.attachment / 1024 / 1024 }
		};
	return sniffAttachment(a.bytes) ? null : { field: 'attachment', code: 'bad_attachment' };
}

const unknownPerson = (userId: number): Written => ({
	ok: false,
	errors: [{ field: 'person', code: 'unknown_person', params: { value: userId } }]
});

async function writeOne(
	sql: Db,
	entry: Omit<NewEntry, 'attachmentPath'>,
	attachment: Attachment | null,
	by: number,
	zone: string
): Promise<Written> {
	const problem = attachmentError(attachment);
	if (problem) return { ok: false, errors: [problem] };
	const [person] = await sql`select id from users where id = ${entry.userId}`;
	if (!person) return unknownPerson(entry.userId);
	const path = attachment
		? await storeAttachment(attachment.bytes, sniffAttachment(attachment.bytes)!)
		: null;
	try {
		const [id] = await inTransaction(sql, (tx) =>
			writeEntries(tx, [{ ...entry, attachmentPath: path }], by, zone)
		);
		if (id === null) throw new Error('a fresh source id was already taken');
		return { ok: true, id };
	} catch (e) {
		await removeAttachment(path);
		// the person was removed meanwhile (foreign key)
		if ((e as { code?: string }).code === '23503') return unknownPerson(entry.userId);
		throw e;
	}
}

export function addManualEntry(
	sql: Db,
	userId: number,
	input: ManualInput,
	attachment: Attachment | null,
	by: number,
	zone: string
): Promise<Written> {
	const entry = {
		userId,
		source: 'manual' as const,
		sourceId: `manual:${randomUUID()}`,
		day: input.day,
		hours: input.hours,
		note: input.reason
	};
	return writeOne(sql, entry, attachment, by, zone);
}

/** A training_records row and its ledger entry (earned on the last day), in one transaction. */
export function addTrainingRecord(
	sql: Db,
	userId: number,
	input: RecordInput,
	attachment: Attachment | null,
	by: number,
	zone: string
): Promise<Written> {
	const { kind, title, organisation, place, startsOn, endsOn } = input;
	const entry = {
		userId,
		source: kind,
		sourceId: `record:${randomUUID()}`,
		day: endsOn,
		hours: input.hours,
		note: input.reason,
		record: { kind, title, organisation, place, startsOn, endsOn }
	};
	return writeOne(sql, entry, attachment, by, zone);
}
