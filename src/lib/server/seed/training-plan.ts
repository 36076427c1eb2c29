// The training year's classes and their course menus, planned in memory
// (a few thousand rows, deterministic for a generator state) and inserted in
// bulk by training-year.ts. Each class meets once a day (09:30–12:00) from its
// first to its last day, so two sessions overlap exactly when they fall on
// the same day: a lecturer, a site, a route or a room is used at most once a
// day (the exclusion constraints of 0110 hold by construction).
import type { Random } from './random.ts';

/** The source document's figures (昌吉州 2022). */
export const DOCUMENT_TARGETS = {
	year: 2022,
	classes: 486,
	/** Classes in the economic-development or law-based-governance group: 297 of 486 = 61.1% (≥ 60%). */
	groupClasses: 297,
	specialised: 338,
	personTimes: 64_992,
	grassroots: 25_978,
	outOfRegion: 3_183,
	secondments: 195,
	lecturers: 119,
	onlineLearners: 44_600
};
export type TrainingTargets = typeof DOCUMENT_TARGETS;

/** The document's figures scaled to a smaller prefecture (f = people / 45,000, at most 1). */
export function scaledTargets(f: number, year = DOCUMENT_TARGETS.year): TrainingTargets {
	if (f >= 1) return { ...DOCUMENT_TARGETS, year };
	const s = (n: number, min: number) => Math.max(min, Math.round(n * f));
	const classes = s(486, 10);
	return {
		year,
		classes,
		groupClasses: Math.ceil(classes * 0.611),
		specialised: Math.min(classes, s(338, 7)),
		personTimes: s(64_992, 300),
		grassroots: s(25_978, 50),
		outOfRegion: s(3_183, 10),
		secondments: s(195, 3),
		lecturers: Math.min(119, s(119, 20)),
		onlineLearners: s(44_600, 100)
	};
}

const FIELDS = [
	'politics_law',
	'economy',
	'ethnic_religion',
	'ideology',
	'discipline',
	'education_tech',
	'health',
	'rural'
];
const FIELD_NAMES: Record<string, string> = {
	politics_law: '政法干部',
	economy: '经济工作',
	ethnic_religion: '民族宗教工作',
	ideology: '意识形态工作',
	discipline: '纪检监察干部',
	education_tech: '教育科技人才',
	health: '医疗卫生人才',
	rural: '乡村振兴'
};
const GROUP_THEMES: Record<string, string[]> = {
	econ_dev: ['“六大产业”发展', '“八大产业集群”建设', '优化营商环境', '招商引资', '新型工业化'],
	law_gov: ['习近平法治思想', '依法行政', '基层依法治理', '矛盾纠纷化解', '法治政府建设']
};
const OTHER_THEMES = ['党的二十大精神', '年轻干部', '基层党组织书记', '党性教育', '新任职干部'];
const TOPICS = ['专题讲座', '案例分析', '现场教学', '结构化研讨', '理论面对面', '经验交流'];

export interface PlannedSession {
	day: number; // 0-based day of the class
	kind: 'lecture' | 'case_study' | 'field_teaching' | 'structured_discussion';
	topic: string;
	lecturer: number; // index into the lecturer list
	site: number | null; // index into the sites (bases then points)
	route: number | null; // index into the routes
	room: number | null; // a numbered room of the organiser's school
}

export interface PlannedClass {
	title: string;
	group: string | null;
	field: string | null;
	startDay: number; // day of the year, 0-based
	days: number;
	/** Trainees who attend (their person-times), and enrolled trainees who never come. */
	attended: number;
	noShows: number;
	sessions: PlannedSession[];
}

/** Splits `total` into `n` parts of jittered weight (each ≥ min), summing exactly. */
export function split(rng: Random, n: number, total: number, min: number): number[] {
	const w = Array.from({ length: n }, () => 0.4 + rng.next() * 1.2);
	const sum = w.reduce((a, b) => a + b, 0);
	const parts = w.map((x) => Math.max(min, Math.floor(((total - n * min) * x) / sum) + min));
	let left = total - parts.reduce((a, b) => a + b, 0);
	for (let i = 0; left !== 0; i = (i + 1) % n) {
		if (left > 0) {
			parts[i]++;
			left--;
		} else if (parts[i] > min) {
			parts[i]--;
			left++;
		}
	}
	return parts;
}

export function planClasses(
	rng: Random,
	t: TrainingTargets,
	counts: { lecturers: number; sites: number; routes: number }
): PlannedClass[] {
	const order = rng.sample([...Array(t.classes).keys()], t.classes);
	const grouped = new Set(order.slice(0, t.groupClasses));
	const specialised = new Set(rng.sample([...Array(t.classes).keys()], t.specialised));
	const specSizes = split(rng, t.specialised, t.personTimes, 20);
	const used = new Map<string, Set<number>>(); // "day:kind" → ids taken that day
	const usage = new Array<number>(counts.lecturers).fill(0);
	const take = (day: number, kind: string, n: number, pickLeast?: number[]) => {
		const key = `${day}:${kind}`;
		const set = used.get(key) ?? new Set<number>();
		used.set(key, set);
		const start = rng.int(0, n - 1);
		let best = -1;
		for (let k = 0; k < n; k++) {
			const i = (start + k) % n;
			if (set.has(i)) continue;
			if (!pickLeast) {
				set.add(i);
				return i;
			}
			if (best < 0 || pickLeast[i] < pickLeast[best]) best = i;
		}
		if (best < 0) throw new Error(`no free ${kind} on day ${day}`);
		set.add(best);
		return best;
	};
	let spec = 0;
	const serial = new Map<string, number>();
	return Array.from({ length: t.classes }, (_, i) => {
		const group = grouped.has(i) ? (rng.chance(0.55) ? 'econ_dev' : 'law_gov') : null;
		const field = specialised.has(i) ? rng.pick(FIELDS) : null;
		const theme = group
			? rng.pick(GROUP_THEMES[group])
			: field
				? FIELD_NAMES[field]
				: rng.pick(OTHER_THEMES);
		const stem = `${theme}${field ? '专业能力提升' : '专题'}培训班`;
		const n = (serial.get(stem) ?? 0) + 1;
		serial.set(stem, n);
		const days = [5, 5, 6, 6, 7, 7, 8, 10][rng.int(0, 7)];
		const startDay = rng.int(45, 340 - days);
		const sessions: PlannedSession[] = Array.from({ length: days }, (_, d) => {
			const day = startDay + d;
			const onSite = d === Math.floor(days / 2);
			const kind = onSite
				? 'field_teaching'
				: d === days - 1
					? 'structured_discussion'
					: d % 3 === 2
						? 'case_study'
						: 'lecture';
			const onRoute = onSite && rng.chance(0.35);
			return {
				day: d,
				kind,
				topic: `${theme}${onSite ? '现场教学' : rng.pick(TOPICS)}`,
				lecturer: take(day, 'lecturer', counts.lecturers, usage),
				site: onSite && !onRoute ? take(day, 'site', counts.sites) : null,
				route: onRoute ? take(day, 'route', counts.routes) : null,
				room: onSite ? null : take(day, 'room', 80)
			};
		});
		sessions.forEach((s) => usage[s.lecturer]++);
		const attended = field ? specSizes[spec++] : rng.int(40, 180);
		return {
			title: n > 1 ? `${stem}（第${n}期）` : stem,
			group,
			field,
			startDay,
			days,
			attended,
			noShows: Math.round(attended * 0.02),
			sessions
		};
	});
}
