// The nine course categories: "theory / Party spirit" plus the eight fields
// of the source document. Stored as these codes (see the check in 0005).
import { m } from '../../paraglide/messages.js';

export const CATEGORIES = [
	'theory',
	'politics_law',
	'economy',
	'ethnic_religious',
	'ideology',
	'discipline',
	'education_tech',
	'health',
	'rural'
] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
	return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

const labels: Record<Category, () => string> = {
	theory: m.course_cat_theory,
	politics_law: m.course_cat_politics_law,
	economy: m.course_cat_economy,
	ethnic_religious: m.course_cat_ethnic_religious,
	ideology: m.course_cat_ideology,
	discipline: m.course_cat_discipline,
	education_tech: m.course_cat_education_tech,
	health: m.course_cat_health,
	rural: m.course_cat_rural
};

/** The category's name in the current UI language (the code itself when unknown). */
export function categoryLabel(category: string): string {
	return isCategory(category) ? labels[category]() : category;
}

/** Value/label pairs for a select, in the fixed order above. */
export function categoryOptions(): { value: Category; label: string }[] {
	return CATEGORIES.map((value) => ({ value, label: labels[value]() }));
}
