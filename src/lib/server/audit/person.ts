// What an administrator changed on a person, as audit entries: roles and
// leader scopes get entries of their own (the log is searched for them),
// other fields one `person.update` naming the fields changed.
import type { Db } from '../db/index.ts';
import type { Person, PersonInput } from '../org/people.ts';
import { record, type AuditActor } from './index.ts';

const sameSet = (a: readonly (string | number)[], b: readonly (string | number)[]) =>
	a.length === b.length && [...a].sort().join() === [...b].sort().join();

export async function recordPersonChanges(
	sql: Db,
	who: { actor: AuditActor; ip: string | null },
	before: Person,
	input: PersonInput,
	scopeIds: number[]
): Promise<void> {
	const target = `user:${before.id} ${before.employeeNo}`;
	const base = { ...who, target };
	if (!sameSet(before.roles, input.roles))
		await record(sql, {
			...base,
			action: 'person.roles',
			detail: { from: before.roles, to: input.roles }
		});
	const fromScopes = before.leaderScopes.map((s) => s.unitId);
	const toScopes = [...new Set(scopeIds)];
	if (!sameSet(fromScopes, toScopes))
		await record(sql, {
			...base,
			action: 'person.scopes',
			detail: { from: fromScopes, to: toScopes }
		});
	const fields = (['name', 'unitId', 'rankLevel', 'position', 'phone'] as const).filter(
		(f) => String(before[f] ?? '') !== String(input[f] ?? '')
	);
	if (fields.length)
		await record(sql, {
			...base,
			action: 'person.update',
			detail: Object.fromEntries(fields.map((f) => [f, { from: before[f], to: input[f] }]))
		});
}
