// Attaches an HLS master playlist to a <video>: hls.js (imported on play,
// light build: captions come as <track> elements) where MediaSource HLS is
// supported, the browser's own HLS otherwise (iOS, WeChat). Before play only
// the master playlist is fetched (for the quality menu). Manual quality:
// hls.js drops audio-only variants when video ones exist, so the master is
// parsed here and the audio-only variant is played by loading its media
// playlist directly (the server signs every URL in the playlists it serves).
import type HlsType from 'hls.js';

export interface Variant {
	/** Absolute URL of the variant's media playlist. */
	uri: string;
	bandwidth: number;
	height: number | null;
	audioOnly: boolean;
}

export interface AttachedSource {
	kind: 'hls.js' | 'native';
	variants: Variant[];
	/** null = automatic (the master playlist); keeps the playback position. */
	select(variant: Variant | null): void;
	destroy(): void;
}

const ATTR = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;

/** The variants of a master playlist, highest first; URIs resolved against `base`. */
export function parseMaster(text: string, base: string): Variant[] {
	const lines = text.split(/\r?\n/).map((l) => l.trim());
	const out: Variant[] = [];
	for (let i = 0; i < lines.length; i++) {
		if (!lines[i].startsWith('#EXT-X-STREAM-INF:')) continue;
		const attrs: Record<string, string> = {};
		for (const [, k, v] of lines[i].slice(18).matchAll(ATTR)) attrs[k] = v.replace(/^"|"$/g, '');
		const uri = lines.slice(i + 1).find((l) => l && !l.startsWith('#'));
		if (!uri) continue;
		const height = attrs.RESOLUTION ? Number(attrs.RESOLUTION.split('x')[1]) || null : null;
		const codecs = (attrs.CODECS ?? '').toLowerCase();
		const audioOnly = !height && !/avc1|hvc1|hev1|vp0?9|av01/.test(codecs);
		out.push({
			uri: new URL(uri, base).href,
			bandwidth: Number(attrs.BANDWIDTH) || 0,
			height,
			audioOnly
		});
	}
	return out.sort((a, b) => (b.height ?? 0) - (a.height ?? 0) || b.bandwidth - a.bandwidth);
}

/** The master playlist's variants (the one thing fetched before play, with the poster). */
export async function loadVariants(masterUrl: string): Promise<Variant[]> {
	try {
		const res = await fetch(masterUrl, { credentials: 'same-origin' });
		return res.ok
			? parseMaster(await res.text(), res.url || new URL(masterUrl, location.href).href)
			: [];
	} catch {
		return [];
	}
}

/**
 * Which engine this browser plays HLS with, decided without downloading
 * hls.js: MediaSource with H.264/AAC (what hls.js needs), else the browser's
 * own HLS, else none.
 */
export function hlsEngine(video: HTMLVideoElement): 'hls.js' | 'native' | null {
	const w = window as unknown as {
		MediaSource?: typeof MediaSource;
		ManagedMediaSource?: typeof MediaSource;
	};
	const Mse = w.ManagedMediaSource ?? w.MediaSource;
	if (Mse?.isTypeSupported?.('video/mp4; codecs="avc1.42E01E,mp4a.40.2"')) return 'hls.js';
	return canPlayNativeHls(video) ? 'native' : null;
}

/** How the first level is picked (see quality-choice.ts). */
export interface StartOptions {
	startAt: number;
	variants: Variant[];
	/** A fixed rendition, or null for automatic. */
	variant: Variant | null;
	startLowest: boolean;
	capLowest: boolean;
	/** What the link is thought to carry (bit/s), to start the ABR estimate from; null: hls.js's default. */
	estimateBps: number | null;
}

/** Swaps the source while keeping position and play state. */
function keepingPosition(video: HTMLVideoElement, swap: () => void) {
	const at = video.currentTime;
	const wasPlaying = !video.paused;
	const rate = video.playbackRate;
	swap();
	video.addEventListener(
		'loadedmetadata',
		() => {
			video.currentTime = at;
			video.playbackRate = rate;
			if (wasPlaying) void video.play().catch(() => {});
		},
		{ once: true }
	);
}

/** The URI of the segment of a media playlist that holds `at` seconds (absolute), or null. */
export function segmentAt(playlist: string, base: string, at: number): string | null {
	let t = 0;
	let duration: number | null = null;
	let last: string | null = null;
	for (const line of playlist.split(/\r?\n/).map((l) => l.trim())) {
		const m = /^#EXTINF:([\d.]+)/.exec(line);
		if (m) duration = Number(m[1]);
		else if (line && !line.startsWith('#') && duration !== null) {
			last = new URL(line, base).href;
			if (at < t + duration) return last;
			t += duration;
			duration = null;
		}
	}
	return last;
}

/**
 * On play, while hls.js itself downloads: fetch the first segment hls.js will
 * ask for into the HTTP cache (segments are immutable), so on a thin link the
 * two share the wait instead of queueing one after the other. Only when the
 * start rendition is known; errors are ignored (hls.js fetches it anyway).
 */
export async function warmFirstSegment(variant: Variant, at: number): Promise<void> {
	try {
		const res = await fetch(variant.uri, { credentials: 'same-origin' });
		if (!res.ok) return;
		const seg = segmentAt(await res.text(), res.url || variant.uri, at);
		if (seg) await (await fetch(seg, { credentials: 'same-origin' })).arrayBuffer();
	} catch {
		// offline or refused: nothing lost
	}
}

/** hls.js, imported only now (on play): its ~96 KB are not part of the page. */
export async function attachHlsJs(
	video: HTMLVideoElement,
	masterUrl: string,
	start: StartOptions
): Promise<AttachedSource> {
	const absMaster = new URL(masterUrl, location.href).href;
	const videos = start.variants.filter((v) => !v.audioOnly);
	const warm = start.variant ?? (start.startLowest ? (videos.at(-1) ?? null) : null);
	if (warm) void warmFirstSegment(warm, start.startAt);
	const Hls = (await import('hls.js/light')).default;
	if (!Hls.isSupported()) throw new Error('hls-unsupported');
	let hls: HlsType | null = null;
	const lowest = (levels: { height: number; bitrate: number }[]) =>
		levels.reduce((best, l, i) => (l.bitrate < levels[best].bitrate ? i : best), 0);
	/** `fixedHeight`: a manual video level; null: automatic. */
	const load = (url: string, at: number, fixedHeight: number | null, first = false) => {
		hls?.destroy();
		const h = new Hls({
			autoStartLoad: false,
			startPosition: at,
			// Not on Save-Data: hls.js's player-size capping owns autoLevelCapping and
			// rewrites it whenever it measures the player (its ResizeObserver's first
			// callback, any resize), lifting the lowest-rung cap below to the size's
			// rung (720p on a desktop). The lowest rung fits any player anyway.
			capLevelToPlayerSize: !start.capLowest,
			// A learner who leaves after a minute has not paid for five: ~30 s ahead at most.
			maxBufferLength: 20,
			maxMaxBufferLength: 30,
			...(start.estimateBps ? { abrEwmaDefaultEstimate: start.estimateBps } : {})
		});
		hls = h;
		if (first && warm) {
			// The warmed segment comes from the cache in milliseconds: as a bandwidth sample it
			// would send the next fragment to 720p over a 400 kbps link. Forget that sample.
			const estimate = start.estimateBps ?? h.abrEwmaDefaultEstimate;
			h.once(Hls.Events.FRAG_BUFFERED, () => (h.bandwidthEstimate = estimate));
		}
		h.once(Hls.Events.MANIFEST_PARSED, () => {
			if (fixedHeight !== null) {
				const idx = h.levels.findIndex((l) => l.height === fixedHeight);
				if (idx >= 0) h.loadLevel = idx;
			} else if (first && start.startLowest) {
				h.startLevel = lowest(h.levels);
				if (start.capLowest) h.autoLevelCapping = h.startLevel;
			} else if (start.capLowest) h.autoLevelCapping = lowest(h.levels);
			h.startLoad(at);
		});
		h.loadSource(url);
		h.attachMedia(video);
	};
	let current: Variant | null = start.variant;
	const urlOf = (v: Variant | null) => (v?.audioOnly ? v.uri : absMaster);
	const heightOf = (v: Variant | null) => (v && !v.audioOnly ? v.height : null);
	load(urlOf(current), start.startAt, heightOf(current), true);
	return {
		kind: 'hls.js',
		variants: start.variants,
		select(variant) {
			const leavingAudio = current?.audioOnly ?? false;
			current = variant;
			// Video variants switch within the master's levels; audio-only (or leaving it) reloads.
			if (!variant?.audioOnly && !leavingAudio && hls) {
				const idx = variant ? hls.levels.findIndex((l) => l.height === variant.height) : -1;
				hls.currentLevel = idx; // -1 = automatic
				return;
			}
			const playing = !video.paused;
			load(urlOf(variant), video.currentTime, heightOf(variant));
			if (playing)
				video.addEventListener('canplay', () => void video.play().catch(() => {}), {
					once: true
				});
		},
		destroy: () => hls?.destroy()
	};
}

/**
 * Native HLS (Safari, iOS, WeChat): the master for automatic, a media
 * playlist for a fixed choice; `preload="none"` keeps it from fetching
 * anything before play.
 */
export function attachNative(
	video: HTMLVideoElement,
	masterUrl: string,
	start: StartOptions
): AttachedSource {
	const absMaster = new URL(masterUrl, location.href).href;
	// The lowest video variant stands in for "start low": native HLS has no start level.
	const lowest = start.variants.filter((v) => !v.audioOnly).at(-1) ?? null;
	const first = start.variant ?? (start.capLowest ? lowest : null);
	video.preload = 'none';
	video.src = first ? first.uri : absMaster;
	if (start.startAt > 0)
		video.addEventListener('loadedmetadata', () => (video.currentTime = start.startAt), {
			once: true
		});
	return {
		kind: 'native',
		variants: start.variants,
		select(variant) {
			keepingPosition(video, () => (video.src = variant ? variant.uri : absMaster));
		},
		destroy() {
			video.removeAttribute('src');
			video.load();
		}
	};
}

export function canPlayNativeHls(video: HTMLVideoElement): boolean {
	return video.canPlayType('application/vnd.apple.mpegurl') !== '';
}

/**
 * Attaches at once with the automatic choice (the lecturer's preview, which
 * loads nothing until asked): hls.js where MediaSource plays H.264, native HLS
 * otherwise.
 */
export async function attachSource(
	video: HTMLVideoElement,
	masterUrl: string,
	startAt = 0
): Promise<AttachedSource> {
	const engine = hlsEngine(video);
	if (!engine) throw new Error('hls-unsupported');
	const start: StartOptions = {
		startAt,
		variants: await loadVariants(masterUrl),
		variant: null,
		startLowest: false,
		capLowest: false,
		estimateBps: null
	};
	return engine === 'hls.js'
		? attachHlsJs(video, masterUrl, start)
		: attachNative(video, masterUrl, start);
}
