// Small display helpers shared by the player and the learner pages.

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatTime(seconds: number): string {
	const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
	const h = Math.floor(s / 3600);
	const mm = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** 0.4567 → 45 (whole percent, never above 100). */
export const percent = (ratio: number) =>
	Math.min(100, Math.max(0, Math.floor((Number.isFinite(ratio) ? ratio : 0) * 100)));
