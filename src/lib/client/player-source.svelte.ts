// The lecture player's source (VideoPlayer): which engine plays HLS here, the
// master playlist's variants, the first level (device hints, Save-Data, the
// learner's remembered choice: quality-choice.ts) and the quality menu.
// Data-saving: before play only the master playlist is read; hls.js is
// imported on the first play.
import { m } from '$lib/paraglide/messages.js';
import {
	attachHlsJs,
	attachNative,
	hlsEngine,
	loadVariants,
	type AttachedSource,
	type Variant
} from './hls-loader';
import {
	deviceHints,
	readPref,
	startChoice,
	writePref,
	type DeviceHints,
	type StartChoice
} from './quality-choice';

function storage(): Storage | null {
	try {
		return localStorage;
	} catch {
		return null;
	}
}

export class PlayerSource {
	source = $state<AttachedSource | null>(null);
	loadError = $state<string | null>(null);
	variants = $state<Variant[]>([]);
	/** The quality menu's value: 'auto', a height, or 'audio'. */
	quality = $state('auto');
	readonly videoVariants = $derived(this.variants.filter((v) => !v.audioOnly && v.height));
	readonly audioVariant = $derived(this.variants.find((v) => v.audioOnly) ?? null);
	/** Called once hls.js has attached, after a play pressed before it loaded. */
	onAttached: () => void = () => {};

	private engine: 'hls.js' | 'native' | null = null;
	private hints: DeviceHints = { phone: false, saveData: false, slow: false, downlinkBps: null };
	private plan: StartChoice | null = null;
	private attaching: Promise<void> | null = null;
	private destroyed = false;

	constructor(
		private readonly video: HTMLVideoElement,
		private readonly src: () => string,
		private readonly resumeAt: () => number
	) {}

	/** On mount: the engine, the hints, the variants and the start plan (native HLS attaches now). */
	prepare(saveData: boolean) {
		this.destroyed = false;
		this.engine = hlsEngine(this.video);
		void (async () => {
			if (!this.engine) {
				this.loadError = m.player_unsupported();
				return;
			}
			// Before the playlist is read: a play pressed meanwhile must already see Save-Data.
			this.hints = deviceHints(
				navigator,
				saveData,
				matchMedia('(pointer: coarse) and (max-width: 600px)').matches
			);
			this.variants = await loadVariants(this.src());
			this.plan = startChoice(readPref(storage()), this.hints, this.variants);
			this.quality = this.plan.pref;
			// Native HLS needs no library: attached now, with preload="none" it fetches nothing.
			if (this.engine === 'native' && !this.destroyed)
				this.source = attachNative(this.video, this.src(), this.startOptions());
		})();
	}

	private startOptions() {
		const p = this.plan ?? startChoice(readPref(storage()), this.hints, this.variants);
		return {
			startAt: this.resumeAt(),
			variants: this.variants,
			estimateBps: this.hints.downlinkBps,
			...p
		};
	}

	/** hls.js is fetched only now; the play already asked for continues once media is attached. */
	attach() {
		if (this.source || this.attaching || this.engine !== 'hls.js') return;
		this.attaching = (async () => {
			try {
				const attached = await attachHlsJs(this.video, this.src(), this.startOptions());
				if (this.destroyed) return attached.destroy();
				this.source = attached;
				this.onAttached();
			} catch (e) {
				this.loadError =
					e instanceof Error && e.message === 'hls-unsupported'
						? m.player_unsupported()
						: m.player_load_failed();
			} finally {
				this.attaching = null;
			}
		})();
	}

	/** The menu changed: this device remembers it for the next lesson. */
	choose() {
		writePref(storage(), this.quality);
		this.plan = startChoice(this.quality, this.hints, this.variants);
		if (this.source) this.source.select(this.plan.variant);
	}

	destroy() {
		this.destroyed = true;
		this.source?.destroy();
	}
}
