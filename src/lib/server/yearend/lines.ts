// The year-end figures as labelled lines in the UI language, as the xlsx and
// the PDF export list them (the page lays them out itself).
import { m } from '../../paraglide/messages.js';
import { getLocale } from '../../paraglide/runtime.js';
import { rankLabel } from '../org/rank-levels.ts';
import type { YearEnd } from '../../api/yearend.ts';

export interface Line {
	label: string;
	value: number | string;
	detail?: number | string;
	/** A share, 0..1. */
	share?: number;
	/** An average rating, 1–5 (null: no ratings). */
	score?: number | null;
	note?: string;
	indent?: number;
}

export const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

export function categoryName(c: { nameZh: string; nameEn: string }): string {
	return getLocale() === 'en' ? c.nameEn : c.nameZh;
}

export function kindLabel(kind: 'base' | 'point' | 'route'): string {
	return kind === 'base'
		? m.yearend_kind_base()
		: kind === 'point'
			? m.yearend_kind_point()
			: m.yearend_kind_route();
}

/** The headline figures (what the source document reports), in its order. */
export function headline(s: YearEnd): Line[] {
	return [
		{ label: m.yearend_classes(), value: s.classes },
		{
			label: m.yearend_group_classes(),
			value: s.groupClasses,
			share: s.groupShare,
			note: m.yearend_group_share({ share: pct(s.groupShare) })
		},
		{ label: m.yearend_specialised(), value: s.specialisedClasses },
		{ label: m.yearend_specialised_pt(), value: s.specialisedPersonTimes },
		{ label: m.yearend_person_times(), value: s.personTimes },
		{ label: m.yearend_trained(), value: s.trainedPeople },
		{ label: m.yearend_grassroots(), value: s.grassrootsTrained },
		{ label: m.yearend_out_of_region(), value: s.outOfRegion },
		{ label: m.yearend_secondments(), value: s.secondments },
		{ label: m.yearend_online_learners(), value: s.online.learners },
		{
			label: m.yearend_lecturers_pool(),
			value: s.lecturers.pool,
			detail: s.lecturers.active,
			score: s.lecturers.average,
			note: `${m.yearend_lecturers_active({ n: s.lecturers.active })} · ${
				s.lecturers.average === null
					? m.yearend_no_rating()
					: m.yearend_rating({ score: s.lecturers.average.toFixed(2) })
			}`
		},
		...(
			[
				[m.yearend_bases(), s.resources.bases],
				[m.yearend_points(), s.resources.points],
				[m.yearend_routes(), s.resources.routes]
			] as const
		).map(([label, u]) => ({ label, value: u.total, detail: u.used, note: m.yearend_used_of(u) }))
	];
}

/** Every figure with its breakdowns (categories, ranks, programmes, lecturers, resources). */
export function allLines(s: YearEnd): Line[] {
	const h = headline(s);
	const out = [...h];
	const insert = (after: string, lines: Line[]) =>
		out.splice(out.findIndex((l) => l.label === after) + 1, 0, ...lines);
	insert(
		m.yearend_group_classes(),
		s.categories.map((c) => ({
			label: categoryName(c),
			value: c.classes,
			share: s.classes ? c.classes / s.classes : 0,
			indent: 1
		}))
	);
	insert(
		m.yearend_trained(),
		s.trainedByRank.map((r) => ({ label: rankLabel(r.rankLevel), value: r.people, indent: 1 }))
	);
	insert(
		m.yearend_online_learners(),
		s.online.programmes.map((p) => ({
			label: p.title,
			value: p.assigned,
			detail: p.completed,
			share: p.rate,
			indent: 1
		}))
	);
	insert(
		m.yearend_lecturers_pool(),
		s.lecturers.rows.map((l) => ({
			label: l.name,
			value: l.sessions,
			detail: l.ratings,
			score: l.average,
			note: l.organisation,
			indent: 1
		}))
	);
	out.push(
		...s.resources.rows.map((r) => ({
			label: r.name,
			value: r.sessions,
			note: kindLabel(r.kind),
			indent: 1
		}))
	);
	return out;
}
