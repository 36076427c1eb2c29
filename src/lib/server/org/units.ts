// Org units: create, edit, move (a whole subtree) and delete, keeping the
// closure table right (see closure.ts for the closure steps and the tree lock).
//
// The tree may have several roots (a forest): createUnit with parentId null and
// moveUnit(…, null) make a top-level unit. A prefecture install has one root
// (the prefecture); a county-only demo or a later merger may have more, and a
// unit path like 昌吉州/呼图壁县 still names one unit because sibling names —
// root names included — are unique.
import * as limits from '../../api/limits.ts';
import type { Db } from '$lib/server/db';
import { insertLeafClosure, isDescendant, lockTree, moveSubtreeClosure } from './closure.ts';
import { inTransaction } from '../db/tx.ts';
import { isUnitKind, type UnitKind } from './unit-kinds.ts';
import { reactions } from '../reactions.ts';

export { ancestors, isDescendant, type PathEntry } from './closure.ts';
export {
	getUnitSummary,
	listChildren,
	searchUnits,
	type UnitListItem,
	type UnitSearchHit
} from './unit-queries.ts';

export type UnitErrorCode =
	| 'not_found'
	| 'parent_not_found'
	| 'name_taken'
	| 'has_children'
	| 'has_people'
	| 'in_use'
	| 'cycle'
	| 'invalid_name'
	| 'invalid_kind'
	| 'invalid_sort_order';

/** A refused unit operation; `code` maps to a message in the UI language (units_error_<code>). */
export class UnitError extends Error {
	constructor(
		public readonly code: UnitErrorCode,
		public readonly params: Record<string, string | number> = {}
	) {
		super(`org unit: ${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
		this.name = 'UnitError';
	}
}

export interface Unit {
	id: number;
	parentId: number | null;
	name: string;
	kind: UnitKind;
	sortOrder: number;
	createdAt: Date;
	updatedAt: Date;
}

export const NAME_MAX = limits.unit.name;
export const SORT_ORDER_LIMIT = 1_000_000;

/**
 * A unit name as stored: trimmed, 1–100 characters, no control characters and
 * no "/" (the separator of unit paths in roster imports, 昌吉州/呼图壁县).
 */
export function normaliseUnitName(name: unknown): string {
	if (typeof name !== 'string') throw new UnitError('invalid_name', { reason: 'empty' });
	const trimmed = name.normalize('NFC').trim();
	if (!trimmed) throw new UnitError('invalid_name', { reason: 'empty' });
	if ([...trimmed].length > NAME_MAX)
		throw new UnitError('invalid_name', { reason: 'too_long', max: NAME_MAX });
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(trimmed))
		throw new UnitError('invalid_name', { reason: 'control' });
	if (trimmed.includes('/')) throw new UnitError('invalid_name', { reason: 'slash' });
	return trimmed;
}

function checkKind(kind: unknown): UnitKind {
	if (!isUnitKind(kind)) throw new UnitError('invalid_kind');
	return kind;
}

function checkSortOrder(value: unknown): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > SORT_ORDER_LIMIT) {
		throw new UnitError('invalid_sort_order', { max: SORT_ORDER_LIMIT });
	}
	return value;
}

const unitColumns = (sql: Db) =>
	sql`id, parent_id as "parentId", name, kind, sort_order as "sortOrder", created_at as "createdAt", updated_at as "updatedAt"`;

export async function getUnit(sql: Db, id: number): Promise<Unit | null> {
	if (!Number.isSafeInteger(id)) return null;
	const [unit] = await sql<Unit[]>`select ${unitColumns(sql)} from org_units where id = ${id}`;
	return unit ?? null;
}

/** Maps the database's own refusals (a concurrent writer got there first) to UnitErrors. */
function mapDbError(e: unknown): unknown {
	const err = e as { code?: string; constraint_name?: string };
	if (err?.code === '23505' && err.constraint_name === 'org_units_sibling_name')
		return new UnitError('name_taken');
	return e;
}

/** Creates a unit under `parentId` (null: a top-level unit) with its closure rows, in one transaction. */
export async function createUnit(
	sql: Db,
	input: { parentId: number | null; name: string; kind: string; sortOrder?: number }
): Promise<Unit> {
	const name = normaliseUnitName(input.name);
	const kind = checkKind(input.kind);
	const sortOrder = checkSortOrder(input.sortOrder ?? 0);
	const parentId = input.parentId;
	try {
		return await inTransaction(sql, async (tx) => {
			await lockTree(tx);
			if (parentId !== null && !(await getUnit(tx, parentId)))
				throw new UnitError('parent_not_found');
			await refuseSiblingName(tx, parentId, name, null);
			const [unit] = await tx<Unit[]>`
				insert into org_units (parent_id, name, kind, sort_order)
				values (${parentId}, ${name}, ${kind}, ${sortOrder})
				returning ${unitColumns(tx)}`;
			await insertLeafClosure(tx, unit.id, parentId);
			return unit;
		});
	} catch (e) {
		throw mapDbError(e);
	}
}

async function refuseSiblingName(
	tx: Db,
	parentId: number | null,
	name: string,
	exceptId: number | null
) {
	const [clash] = await tx`
		select 1 from org_units
		where coalesce(parent_id, 0) = ${parentId ?? 0} and name = ${name} and id <> ${exceptId ?? 0}`;
	if (clash) throw new UnitError('name_taken', { name });
}

/** Renames a unit and/or changes its kind or sort order (the tree's shape is untouched). */
export async function updateUnit(
	sql: Db,
	id: number,
	changes: { name?: string; kind?: string; sortOrder?: number }
): Promise<Unit> {
	const name = changes.name === undefined ? undefined : normaliseUnitName(changes.name);
	const kind = changes.kind === undefined ? undefined : checkKind(changes.kind);
	const sortOrder = changes.sortOrder === undefined ? undefined : checkSortOrder(changes.sortOrder);
	const current = await getUnit(sql, id);
	if (!current) throw new UnitError('not_found');
	if (name !== undefined) await refuseSiblingName(sql, current.parentId, name, id);
	try {
		const [unit] = await sql<Unit[]>`
			update org_units set
				name = coalesce(${name ?? null}, name),
				kind = coalesce(${kind ?? null}, kind),
				sort_order = coalesce(${sortOrder ?? null}::int, sort_order),
				updated_at = now()
			where id = ${id}
			returning ${unitColumns(sql)}`;
		if (!unit) throw new UnitError('not_found');
		return unit;
	} catch (e) {
		throw mapDbError(e);
	}
}

/**
 * Moves the unit and its whole subtree under `newParentId` (null: to the top
 * level), in one transaction under the tree lock. Refused with 'cycle' when
 * the new parent is the unit itself or inside its subtree, with 'name_taken'
 * when the new parent already has a child of that name. Moving to the current
 * parent changes nothing.
 */
export async function moveUnit(sql: Db, id: number, newParentId: number | null): Promise<Unit> {
	try {
		return await inTransaction(sql, async (tx) => {
			await lockTree(tx);
			const unit = await getUnit(tx, id);
			if (!unit) throw new UnitError('not_found');
			if (newParentId !== null) {
				if (!(await getUnit(tx, newParentId))) throw new UnitError('parent_not_found');
				if (await isDescendant(tx, id, newParentId)) throw new UnitError('cycle');
			}
			if (unit.parentId === newParentId) return unit;
			await refuseSiblingName(tx, newParentId, unit.name, id);
			await moveSubtreeClosure(tx, id, newParentId);
			const [moved] = await tx<Unit[]>`
				update org_units set parent_id = ${newParentId}, updated_at = now()
				where id = ${id}
				returning ${unitColumns(tx)}`;
			// Everyone below may now be inside or outside study programmes' audiences.
			await reactions().unitMoved(tx, id);
			return moved;
		});
	} catch (e) {
		throw mapDbError(e);
	}
}

/**
 * Deletes a unit with no children and no people (its closure rows go with it;
 * leader scopes on it are dropped). Refused with 'has_children', 'has_people',
 * or 'in_use' when other records (e.g. programme audiences) still point at it.
 */
export async function deleteUnit(sql: Db, id: number): Promise<void> {
	try {
		await inTransaction(sql, async (tx) => {
			await lockTree(tx);
			if (!(await getUnit(tx, id))) throw new UnitError('not_found');
			const [{ children, people }] = await tx<{ children: number; people: number }[]>`
				select
					(select count(*) from org_units where parent_id = ${id}) as children,
					(select count(*) from users where unit_id = ${id}) as people`;
			if (children > 0) throw new UnitError('has_children', { count: children });
			if (people > 0) throw new UnitError('has_people', { count: people });
			await tx`delete from org_units where id = ${id}`;
		});
	} catch (e) {
		const err = e as { code?: string; constraint_name?: string };
		if (err?.code === '23503') {
			// A person or another record points at the unit (added after our check, or elsewhere).
			if (err.constraint_name === 'users_unit_id_fkey')
				throw new UnitError('has_people', { count: 1 });
			if (err.constraint_name === 'org_units_parent_id_fkey')
				throw new UnitError('has_children', { count: 1 });
			throw new UnitError('in_use');
		}
		throw e;
	}
}
