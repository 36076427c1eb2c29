// Voiding an entry: never a delete. A row in credit_ledger_voids says who,
// when and why; the entry stays and credit_ledger_valid leaves it out.
import type { Db } from '../db/index.ts';
import { ledger as limits } from '../../api/limits.ts';
import { checkText } from './checks.ts';
import type { EntryError } from './validate.ts';

export type VoidResult =
	| { ok: true }
	| { ok: false; reason: 'not_found' }
	| { ok: false; reason: 'already_voided' }
	| { ok: false; reason: 'invalid'; errors: EntryError[] };

/** Voids entry `entryId` of person `userId` (an entry of someone else is not found). */
export async function voidEntry(
	sql: Db,
	userId: number,
	entryId: number,
	rawReason: string,
	by: number
): Promise<VoidResult> {
	const reason = checkText(rawReason, limits.reason, true);
	if (!reason.ok)
		return {
			ok: false,
			reason: 'invalid',
			errors: [{ field: 'reason', code: reason.code, params: reason.params }]
		};
	const done = await sql`
		insert into credit_ledger_voids (entry_id, voided_by, reason)
		select id, ${by}, ${reason.value} from credit_ledger where id = ${entryId} and user_id = ${userId}
		on conflict (entry_id) do nothing
		returning entry_id`;
	if (done.length) return { ok: true };
	const [exists] =
		await sql`select 1 from credit_ledger where id = ${entryId} and user_id = ${userId}`;
	return exists ? { ok: false, reason: 'already_voided' } : { ok: false, reason: 'not_found' };
}
