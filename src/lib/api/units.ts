// The org tree as pages show it: shared by the unit queries (src/lib/server/org)
// and the browser's tables. Unit kinds must match the check constraint on
// org_units.kind in migrations/0001_foundation.sql.
export const UNIT_KINDS = [
	'prefecture',
	'county',
	'park',
	'department',
	'soe',
	'township',
	'village',
	'other'
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** The kind one level below a unit of `kind` (州 → 县市 → 乡镇 → 村社区): a new sub-unit's default. */
export function childKind(kind: UnitKind | null): UnitKind {
	switch (kind) {
		case null:
			return 'prefecture';
		case 'prefecture':
			return 'county';
		case 'county':
		case 'park':
			return 'township';
		case 'township':
			return 'village';
		default:
			return 'other';
	}
}

export interface UnitListItem {
	id: number;
	parentId: number | null;
	name: string;
	kind: UnitKind;
	sortOrder: number;
	/** Direct children. */
	childCount: number;
	/** Units below it at any depth (itself not counted). */
	descendantCount: number;
	/** People in the unit and every unit below it, active or not. */
	peopleCount: number;
	/** Of those, the active ones. */
	activePeopleCount: number;
}

export interface UnitSearchHit {
	id: number;
	parentId: number | null;
	name: string;
	kind: UnitKind;
	/** Names from the root down to the unit itself (昌吉州 › 呼图壁县 › 五工台镇). */
	path: string[];
	/** The ids of the same path. */
	pathIds: number[];
}
