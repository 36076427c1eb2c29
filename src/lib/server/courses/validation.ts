// Checks for what lecturers type. Each returns the stored form or throws a
// CourseError; callers validate everything before writing anything.
import * as limits from '../../api/limits.ts';
import { isCategory, type Category } from './categories.ts';
import { CourseError } from './errors.ts';

export const TITLE_MAX = limits.course.title;
export const DESCRIPTION_MAX = limits.course.description;
export const RATIO_MIN = 0.5;
export const RATIO_MAX = 1;
export const RATE_MIN = 1;
export const RATE_MAX = 2;

export interface CourseInput {
	title: string;
	description: string;
	category: Category;
}

export interface CourseSettings {
	completionRatio: number;
	maxCreditedRate: number;
	presenceCheck: boolean;
}

/** A title as stored: NFC, trimmed, no control characters, 1–200 characters. */
export function checkTitle(value: unknown): string {
	const title = typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
	if (!title) throw new CourseError('title_empty');
	if ([...title].length > TITLE_MAX) throw new CourseError('title_too_long', { max: TITLE_MAX });
	return title;
}

export function checkDescription(value: unknown): string {
	const text =
		typeof value === 'string' ? value.normalize('NFC').replace(/\r\n?/g, '\n').trim() : '';
	if (text.length > DESCRIPTION_MAX)
		throw new CourseError('description_too_long', { max: DESCRIPTION_MAX });
	return text;
}

export function checkCourseInput(input: {
	title?: unknown;
	description?: unknown;
	category?: unknown;
}): CourseInput {
	const title = checkTitle(input.title);
	const description = checkDescription(input.description);
	if (!isCategory(input.category)) throw new CourseError('category_invalid');
	return { title, description, category: input.category };
}

/** A decimal typed in a form ("0.95", " 1 ") → number; anything else → NaN. */
export function parseDecimal(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string' || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number.NaN;
	return Number(value);
}

export function checkSettings(input: {
	completionRatio: unknown;
	maxCreditedRate: unknown;
	presenceCheck: unknown;
}): CourseSettings {
	const completionRatio = parseDecimal(input.completionRatio);
	if (!(completionRatio >= RATIO_MIN && completionRatio <= RATIO_MAX)) {
		throw new CourseError('ratio_invalid', { min: RATIO_MIN, max: RATIO_MAX });
	}
	const maxCreditedRate = parseDecimal(input.maxCreditedRate);
	if (!(maxCreditedRate >= RATE_MIN && maxCreditedRate <= RATE_MAX)) {
		throw new CourseError('rate_invalid', { min: RATE_MIN, max: RATE_MAX });
	}
	// The columns hold 3 and 2 decimals: round here so what is shown is what is stored.
	return {
		completionRatio: Math.round(completionRatio * 1000) / 1000,
		maxCreditedRate: Math.round(maxCreditedRate * 100) / 100,
		presenceCheck:
			input.presenceCheck === true || input.presenceCheck === 'on' || input.presenceCheck === 'true'
	};
}
