// The training archive (一人一档) and 学时 requirements as the pages see them.

/** Ledger sources a requirement can count ('live_concentrated': a live session marked concentrated). */
export const REQUIREMENT_SOURCES = [
	'course',
	'live',
	'live_concentrated',
	'exam',
	'offline',
	'teaching',
	'out_of_region',
	'secondment',
	'manual'
] as const;
export type RequirementSource = (typeof REQUIREMENT_SOURCES)[number];

export const requirementBounds = {
	hoursMax: 5000,
	windowMax: 10,
	noteMax: 500
} as const;

export interface RequirementVersion {
	id: number;
	requirementId: number;
	rankLevels: string[];
	sources: RequirementSource[];
	/** 1: the calendar year; N: the N calendar years ending with the year looked at */
	windowYears: number;
	hours: number;
	/** YYYY-MM-DD, first and last day in force (null: open) */
	validFrom: string;
	validTo: string | null;
	note: string;
	createdBy: string | null;
}

export interface Requirement {
	id: number;
	code: string;
	name: string;
	versions: RequirementVersion[];
}

export interface ArchiveEntry {
	id: number;
	year: number;
	source: RequirementSource;
	title: string | null;
	hours: number;
	/** YYYY-MM-DD in the organisation's zone */
	earnedOn: string;
}

export interface RequirementFigure {
	requirementId: number;
	versionId: number;
	name: string;
	windowYears: number;
	fromYear: number;
	toYear: number;
	required: number;
	earned: number;
	missing: number;
	entries: ArchiveEntry[];
}

export interface HistoryItem {
	kind: 'class' | 'out_of_region' | 'secondment' | 'live';
	title: string;
	organisation: string;
	startsOn: string;
	endsOn: string;
	/** class enrolment status, 'completed', or '' */
	status: string;
	hours: number | null;
}

export interface ArchivePerson {
	id: number;
	name: string;
	employeeNo: string;
	unitPath: string;
	rankLevel: string;
	position: string;
}

export interface ArchiveView {
	person: ArchivePerson;
	year: number;
	/** the day the requirements in force were read (the year's last day, or today) */
	asOf: string;
	figures: RequirementFigure[];
	/** this year's entries that no requirement counts */
	otherEntries: ArchiveEntry[];
	yearTotal: number;
	history: HistoryItem[];
}

export interface ShortfallCounts {
	people: number;
	/** people below at least one of their requirements */
	below: number;
	/** Σ of every missing figure of the people below */
	missing: number;
}

export interface ShortfallUnitRow extends ShortfallCounts {
	unitId: number;
	name: string;
	depth: number;
}

export interface ShortfallPerson {
	userId: number;
	name: string;
	employeeNo: string;
	unitName: string;
	rankLevel: string;
	/** per requirement id: [earned, required] of the requirements not met */
	gaps: { requirementId: number; earned: number; required: number; missing: number }[];
	missing: number;
}
