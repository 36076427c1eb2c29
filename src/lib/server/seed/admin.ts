// `npm run create-admin`: the first administrator of a production install (or
// the promotion of an existing person to administrator).
import { hashPassword, validateNewPassword, type PasswordProblem } from '../auth/passwords.ts';
import type { Db } from '../db/index.ts';
import { insertLeafClosure, lockTree } from '../org/closure.ts';
import { inTransaction } from '../db/tx.ts';

export const DEFAULT_ROOT_UNIT = '本单位';

export type AdminErrorCode =
	| 'invalid_employee_no'
	| 'name_required'
	| 'invalid_name'
	| 'invalid_unit_name'
	| 'unit_not_found'
	| `password_${PasswordProblem}`;

const MESSAGES: Record<AdminErrorCode, string> = {
	invalid_employee_no:
		'The employee number must be 2–32 letters, digits, "_", "." or "-". 工号须为 2–32 位字母、数字或 _ . -。',
	name_required: 'A new administrator needs a name (--name). 新建管理员须填写姓名（--name）。',
	invalid_name: 'The name must be 1–50 characters. 姓名须为 1–50 个字符。',
	invalid_unit_name:
		'The unit name must be 1–100 characters without "/". 单位名称须为 1–100 个字符，且不含“/”。',
	unit_not_found:
		'No unit has that path (write it like 昌吉州/呼图壁县). 找不到该单位（路径形如 昌吉州/呼图壁县）。',
	password_too_short: 'The password must have at least 8 characters. 密码至少 8 个字符。',
	password_too_long: 'The password must have at most 128 characters. 密码最多 128 个字符。',
	password_same_as_employee_no:
		'The password must not be the employee number. 密码不能与工号相同。',
	password_needs_letter_and_digit:
		'The password must contain letters and digits. 密码须同时包含字母和数字。'
};

export class AdminError extends Error {
	constructor(public readonly code: AdminErrorCode) {
		super(MESSAGES[code]);
		this.name = 'AdminError';
	}
}

export interface CreateAdminInput {
	employeeNo: string;
	/** Required for a new person; replaces the name of an existing one when given. */
	name?: string;
	password: string;
	/** A unit path (昌吉州/呼图壁县) for the person; with no units yet, the name of the root unit to create. */
	unit?: string;
}

export interface CreateAdminResult {
	userId: number;
	/** False when an existing person was promoted. */
	created: boolean;
	unitId: number;
	/** The root unit created because the tree was empty, if any. */
	createdUnit: string | null;
}

/**
 * Creates an administrator (roles admin + learner, password set, no forced
 * change), or promotes the person with that employee number: adds the admin
 * role, sets the password, re-activates the account and ends their sessions.
 * With no org unit yet, first creates a root unit (kind "other").
 */
export async function createAdmin(sql: Db, input: CreateAdminInput): Promise<CreateAdminResult> {
	const employeeNo = input.employeeNo.trim();
	if (!/^[A-Za-z0-9_.-]{2,32}$/.test(employeeNo)) throw new AdminError('invalid_employee_no');
	const name = input.name?.normalize('NFC').trim();
	if (name !== undefined && (name.length < 1 || [...name].length > 50))
		throw new AdminError('invalid_name');
	const problem = validateNewPassword(input.password, employeeNo);
	if (problem) throw new AdminError(`password_${problem}`);
	const passwordHash = await hashPassword(input.password);

	return inTransaction(sql, async (tx) => {
		await lockTree(tx);
		const [{ units }] = await tx<{ units: number }[]>`select count(*)::int as units from org_units`;
		let createdUnit: string | null = null;
		let unitId: number | null = null;
		if (units === 0) {
			createdUnit = (input.unit ?? DEFAULT_ROOT_UNIT).normalize('NFC').trim();
			if (!createdUnit || [...createdUnit].length > 100 || createdUnit.includes('/'))
				throw new AdminError('invalid_unit_name');
			const [row] = await tx<{ id: number }[]>`
				insert into org_units (parent_id, name, kind) values (null, ${createdUnit}, 'other') returning id`;
			unitId = row.id;
			await insertLeafClosure(tx, unitId, null);
		} else if (input.unit !== undefined) {
			unitId = await unitByPath(tx, input.unit);
			if (unitId === null) throw new AdminError('unit_not_found');
		}

		const [existing] = await tx<{ id: number; unit_id: number }[]>`
			select id, unit_id from users where lower(employee_no) = lower(${employeeNo}) for update`;
		if (existing) {
			await tx`
				update users set
					roles = case when 'admin' = any(roles) then roles else roles || '{admin}'::text[] end,
					name = coalesce(${name ?? null}, name),
					unit_id = coalesce(${unitId}::int, unit_id),
					password_hash = ${passwordHash},
					must_change_password = false,
					active = true,
					updated_at = now()
				where id = ${existing.id}`;
			await tx`delete from sessions where user_id = ${existing.id}`;
			return {
				userId: existing.id,
				created: false,
				unitId: unitId ?? existing.unit_id,
				createdUnit
			};
		}
		if (!name) throw new AdminError('name_required');
		unitId ??= (
			await tx<{ id: number }[]>`
			select id from org_units where parent_id is null order by sort_order, id limit 1`
		)[0].id;
		const [user] = await tx<{ id: number }[]>`
			insert into users (employee_no, name, unit_id, rank_level, password_hash, must_change_password, roles)
			values (${employeeNo}, ${name}, ${unitId}, 'general', ${passwordHash}, false, '{admin,learner}')
			returning id`;
		return { userId: user.id, created: true, unitId, createdUnit };
	});
}

/** The id of the unit at `path` (names from the root, separated by "/"), or null. */
export async function unitByPath(sql: Db, path: string): Promise<number | null> {
	const names = path
		.split('/')
		.map((s) => s.normalize('NFC').trim())
		.filter(Boolean);
	if (!names.length) return null;
	let id: number | null = null;
	for (const name of names) {
		const rows: { id: number }[] = await sql<{ id: number }[]>`
			select id from org_units where parent_id is not distinct from ${id} and name = ${name}`;
		if (!rows.length) return null;
		id = rows[0].id;
	}
	return id;
}
