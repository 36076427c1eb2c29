// Which rendition a playback starts with (pure, unit-tested). The learner's
// own choice, remembered per device, wins; otherwise automatic, starting at
// the lowest video rendition where data is dear or the link is thin: a
// phone, Save-Data, or a slow link as the Network Information API reports
// it (Chromium; Safari and Firefox report nothing, so only the other two
// count there). On Save-Data the automatic choice also stays at the lowest.
import type { Variant } from './hls-loader';

/** 'auto', 'audio' or a video height such as '240'. */
export type QualityPref = string;

export const QUALITY_KEY = 'xuefan.player.quality';

export interface DeviceHints {
	phone: boolean;
	saveData: boolean;
	slow: boolean;
	/** The Network Information API's downlink estimate in bit/s, where present. */
	downlinkBps: number | null;
}

export interface StartChoice {
	/** A fixed rendition, or null for automatic. */
	variant: Variant | null;
	/** Automatic: the first level is the lowest video rendition. */
	startLowest: boolean;
	/** Automatic: never above the lowest video rendition (Save-Data). */
	capLowest: boolean;
	/** What the quality menu shows. */
	pref: QualityPref;
}

/** Below this (Mbps) even the 360p rung (~1 Mbps) stalls. */
const SLOW_MBPS = 1.5;

interface Connection {
	saveData?: boolean;
	effectiveType?: string;
	downlink?: number;
}

interface NavigatorLike {
	userAgent: string;
	userAgentData?: { mobile?: boolean };
	connection?: Connection;
}

export function deviceHints(
	nav: NavigatorLike,
	saveDataHeader = false,
	coarseNarrow = false
): DeviceHints {
	const c = nav.connection;
	// Any one sign is enough: a wrong "phone" costs a low first level, a missed one megabytes.
	const phone =
		nav.userAgentData?.mobile === true ||
		/Mobi|iPhone|iPod|Android.+Mobile|MicroMessenger/i.test(nav.userAgent) ||
		coarseNarrow;
	const slow =
		['slow-2g', '2g', '3g'].includes(c?.effectiveType ?? '') ||
		(typeof c?.downlink === 'number' && c.downlink > 0 && c.downlink < SLOW_MBPS);
	const downlinkBps = typeof c?.downlink === 'number' && c.downlink > 0 ? c.downlink * 1e6 : null;
	return { phone, saveData: saveDataHeader || c?.saveData === true, slow, downlinkBps };
}

export function readPref(storage: Pick<Storage, 'getItem'> | null): QualityPref {
	try {
		const v = storage?.getItem(QUALITY_KEY) ?? 'auto';
		return v === 'audio' || /^\d{2,4}$/.test(v) ? v : 'auto';
	} catch {
		return 'auto'; // storage refused (private mode, policy)
	}
}

export function writePref(storage: Pick<Storage, 'setItem'> | null, pref: QualityPref) {
	try {
		storage?.setItem(QUALITY_KEY, pref);
	} catch {
		// not remembered; this playback still uses it
	}
}

/** The variant a preference names, if this lesson has it. */
export function variantFor(pref: QualityPref, variants: Variant[]): Variant | null {
	if (pref === 'audio') return variants.find((v) => v.audioOnly) ?? null;
	const video = variants.filter((v) => !v.audioOnly && v.height);
	const h = Number(pref);
	if (!h) return null;
	// The same height, else the highest below it (a lesson from a smaller source), else none.
	return (
		video.find((v) => v.height === h) ??
		video.filter((v) => v.height! < h).sort((a, b) => b.height! - a.height!)[0] ??
		null
	);
}

export function startChoice(
	pref: QualityPref,
	hints: DeviceHints,
	variants: Variant[]
): StartChoice {
	const fixed = pref === 'auto' ? null : variantFor(pref, variants);
	if (fixed)
		return {
			variant: fixed,
			startLowest: false,
			capLowest: false,
			pref: fixed.audioOnly ? 'audio' : String(fixed.height)
		};
	const dear = hints.phone || hints.saveData || hints.slow;
	return { variant: null, startLowest: dear, capLowest: hints.saveData, pref: 'auto' };
}
