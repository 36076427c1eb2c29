// The year-end statistics (年度干部教育培训工作统计) as the page, the xlsx and
// the PDF exports share them (src/lib/server/yearend).
/** users.rank_level (migrations/0001). */
export type RankLevel = 'county' | 'township' | 'general' | 'employee';

export interface CategoryCount {
	code: string;
	kind: 'group' | 'field';
	nameZh: string;
	nameEn: string;
	classes: number;
}

export interface ProgrammeCompletion {
	id: number;
	title: string;
	assigned: number;
	completed: number;
	/** completed / assigned, 0..1 */
	rate: number;
}

export interface LecturerYear {
	id: number;
	name: string;
	organisation: string;
	external: boolean;
	sessions: number;
	ratings: number;
	/** Average lecturer score (1–5) of the year's evaluations; null without any. */
	average: number | null;
}

export interface ResourceUse {
	kind: 'base' | 'point' | 'route';
	id: number;
	name: string;
	sessions: number;
}

export interface Used {
	total: number;
	used: number;
}

export interface YearEnd {
	year: number;
	/** The subtree's root; null for the whole organisation. */
	unit: { id: number; name: string } | null;
	classes: number;
	/** Classes in the economic-development or law-based-governance group, and their share of all. */
	groupClasses: number;
	groupShare: number;
	/** Every category (groups first), with zero counts too. */
	categories: CategoryCount[];
	specialisedClasses: number;
	specialisedPersonTimes: number;
	personTimes: number;
	trainedPeople: number;
	grassrootsTrained: number;
	trainedByRank: { rankLevel: RankLevel; people: number }[];
	outOfRegion: number;
	secondments: number;
	online: { learners: number; programmes: ProgrammeCompletion[] };
	lecturers: {
		pool: number;
		active: number;
		sessions: number;
		ratings: number;
		average: number | null;
		rows: LecturerYear[];
	};
	resources: { bases: Used; points: Used; routes: Used; rows: ResourceUse[] };
}

/** A horizontal bar chart laid out on the server (src/lib/server/yearend/chart.ts). */
export interface BarItem {
	label: string;
	value: number;
	/** Text after the bar; the value when absent. */
	note?: string;
	/** Emphasised bar (e.g. the document's two groups). */
	accent?: boolean;
}

export interface Bar extends BarItem {
	y: number;
	width: number;
	text: string;
}

export interface BarChart {
	width: number;
	height: number;
	labelWidth: number;
	barHeight: number;
	/** x of the bars' start; bars are `width` long from there. */
	x0: number;
	/** The longest a bar can be. */
	span: number;
	bars: Bar[];
	/** A sentence for screen readers and the figure caption. */
	summary: string;
}
