// Labels of the archive's codes in the UI language (pages, xlsx and PDF).
import { m } from '../paraglide/messages.js';
import type { HistoryItem, RequirementSource } from '../api/archive.ts';

const SOURCES: Record<RequirementSource, () => string> = {
	course: m.archive_src_course,
	live: m.archive_src_live,
	live_concentrated: m.archive_src_live_concentrated,
	exam: m.archive_src_exam,
	offline: m.archive_src_offline,
	teaching: m.archive_src_teaching,
	out_of_region: m.archive_src_out_of_region,
	secondment: m.archive_src_secondment,
	manual: m.archive_src_manual
};
export const sourceLabel = (s: RequirementSource): string => (SOURCES[s] ?? (() => s))();

const KINDS: Record<HistoryItem['kind'], () => string> = {
	class: m.archive_kind_class,
	out_of_region: m.archive_kind_out_of_region,
	secondment: m.archive_kind_secondment,
	live: m.archive_kind_live
};
export const historyKindLabel = (k: HistoryItem['kind']): string => KINDS[k]();

export function statusLabel(s: string): string {
	if (s === 'completed') return m.archive_status_completed();
	if (s === 'enrolled') return m.archive_status_enrolled();
	if (s === 'waitlisted') return m.archive_status_waitlisted();
	return '';
}

export function windowLabel(f: { windowYears: number; fromYear: number; toYear: number }): string {
	return f.windowYears === 1
		? m.archive_window_year({ year: f.toYear })
		: m.archive_window_years({ from: f.fromYear, to: f.toYear, n: f.windowYears });
}

/** Hours as shown: up to two decimals, no trailing zeros. */
export const hoursText = (h: number): string => String(Math.round(h * 100) / 100);
