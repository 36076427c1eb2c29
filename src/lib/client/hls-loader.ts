// Attaches an HLS master playlist to a <video>: hls.js (loaded lazily, light
// build: captions come as <track> elements) where MediaSource HLS is
// supported, the browser's own HLS otherwise (iOS, WeChat). Manual quality:
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

async function loadVariants(masterUrl: string): Promise<Variant[]> {
	try {
		const res = await fetch(masterUrl, { credentials: 'same-origin' });
		return res.ok
			? parseMaster(await res.text(), res.url || new URL(masterUrl, location.href).href)
			: [];
	} catch {
		return [];
	}
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

export async function attachSource(
	video: HTMLVideoElement,
	masterUrl: string,
	startAt = 0
): Promise<AttachedSource> {
	const absMaster = new URL(masterUrl, location.href).href;
	const variantsP = loadVariants(absMaster);
	// Without any MediaSource there is no point downloading hls.js.
	const hasMse = 'MediaSource' in window || 'ManagedMediaSource' in window;
	const Hls = hasMse ? (await import('hls.js/light')).default : null;

	if (Hls?.isSupported()) {
		let hls: HlsType | null = null;
		const load = (url: string, at: number) => {
			hls?.destroy();
			hls = new Hls({ startPosition: at, capLevelToPlayerSize: true });
			hls.loadSource(url);
			hls.attachMedia(video);
		};
		load(absMaster, startAt);
		let current: Variant | null = null;
		return {
			kind: 'hls.js',
			variants: await variantsP,
			select(variant) {
				const leavingAudio = current?.audioOnly ?? false;
				current = variant;
				// Video variants switch within the master's levels; audio-only (or leaving it) reloads.
				if (!variant?.audioOnly && !leavingAudio && hls) {
					const idx = variant ? hls.levels.findIndex((l) => l.height === variant.height) : -1;
					hls.currentLevel = idx; // -1 = automatic
					return;
				}
				const at = video.currentTime;
				const playing = !video.paused;
				load(variant?.audioOnly ? variant.uri : absMaster, at);
				if (variant && !variant.audioOnly && hls) {
					const h = hls;
					h.once(Hls.Events.MANIFEST_PARSED, () => {
						h.currentLevel = h.levels.findIndex((l) => l.height === variant.height);
					});
				}
				if (playing)
					video.addEventListener('canplay', () => void video.play().catch(() => {}), {
						once: true
					});
			},
			destroy: () => hls?.destroy()
		};
	}

	// Native HLS (Safari, iOS, WeChat): the master for automatic, a media playlist for a fixed choice.
	if (!canPlayNativeHls(video)) throw new Error('hls-unsupported');
	video.src = absMaster;
	if (startAt > 0)
		video.addEventListener('loadedmetadata', () => (video.currentTime = startAt), { once: true });
	return {
		kind: 'native',
		variants: await variantsP,
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
