// The lecture player's honest-progress plumbing (VideoPlayer): the
// PlaybackSession of the lesson, fed by the <video> element's events (watched
// intervals → heartbeats → device outbox → server). Anti-idling: pauses when
// the page is hidden, on a due presence check, and when another device took
// over.
import type { HeartbeatEvent } from '$lib/api/playback';
import { deviceId } from './device-id';
import { PlaybackSession } from './playback-session.svelte';

export class PlayerProgress {
	session = $state<PlaybackSession | null>(null);
	/** Paused because the page was hidden (the player says so). */
	hiddenPaused = $state(false);
	private lastBeat = 0;
	private quietPause = false;
	/** The rate the pending intervals were watched at: the server judges a heartbeat by it. */
	private beatRate = 1;

	constructor(
		private readonly video: HTMLVideoElement,
		private readonly lessonId: number,
		private readonly initial: { coverage: number; completed: boolean }
	) {}

	beat(event: HeartbeatEvent, keepalive = false) {
		const { video, session } = this;
		this.lastBeat = Date.now();
		// Up to this very moment (timeupdate lags by up to 250 ms); after a seek the anchor is already there.
		if (!video.seeking) session?.tracker.observe(video.currentTime, this.beatRate);
		session?.heartbeat(event, video.currentTime, this.beatRate, keepalive);
	}

	/** On mount: the playback, the page's visibility and network, the heartbeat tick; returns the cleanup. */
	mount(): () => void {
		const video = this.video;
		const s = new PlaybackSession(this.lessonId, deviceId(), this.initial);
		s.onMustPause = () => {
			this.quietPause = false;
			video.pause();
		};
		this.session = s;
		let destroyed = false;
		(async () => {
			// Send what an earlier page left behind before a new playback supersedes it.
			await Promise.race([s.restore(), new Promise((r) => setTimeout(r, 3000))]);
			// The playback starts with the page, not the first play: if the network
			// drops before the learner presses play, what they watch still counts.
			if (!destroyed) void s.start();
		})();
		const onVisibility = () => {
			if (document.visibilityState !== 'hidden' || video.paused) return;
			this.hiddenPaused = true;
			this.quietPause = true; // the 'hidden' heartbeat says it all
			this.beat('hidden', true);
			video.pause();
		};
		const onPageHide = () => this.beat('hidden', true);
		const onOnline = () => {
			if (s.state === 'failed') void s.start();
		};
		document.addEventListener('visibilitychange', onVisibility);
		window.addEventListener('pagehide', onPageHide);
		window.addEventListener('online', onOnline);
		const tick = setInterval(() => {
			if (!video.paused && Date.now() - this.lastBeat >= s.heartbeatMs) this.beat('tick');
		}, 1000);
		return () => {
			destroyed = true;
			clearInterval(tick);
			document.removeEventListener('visibilitychange', onVisibility);
			window.removeEventListener('pagehide', onPageHide);
			window.removeEventListener('online', onOnline);
			s.destroy();
		};
	}

	/** Media became playable after a play pressed while hls.js loaded: play unless held. */
	resumeWhenReady() {
		const { video } = this;
		video.addEventListener(
			'canplay',
			() => {
				if (video.paused && !this.session?.presenceDue && this.session?.state !== 'superseded')
					void video.play().catch(() => {});
			},
			{ once: true }
		);
	}

	played() {
		const { video } = this;
		this.hiddenPaused = false;
		const s = this.session;
		if (!s) return;
		if (s.state === 'superseded' || s.presenceDue) {
			video.pause();
			return;
		}
		if (s.state === 'idle' || s.state === 'failed') void s.start();
		s.tracker.observe(video.currentTime, video.playbackRate); // anchor at the start point
		this.lastBeat = Date.now();
	}

	timeUpdated() {
		const { video } = this;
		if (!video.paused && !video.seeking)
			this.session?.tracker.observe(video.currentTime, video.playbackRate);
	}

	seeking() {
		this.session?.tracker.seek(this.video.currentTime);
	}

	paused() {
		if (this.quietPause) this.quietPause = false;
		else if (!this.video.ended) this.beat('pause');
	}

	/** The rate changed: what was watched so far goes at the old rate; returns the new one. */
	rateChanged(): number {
		this.beat('tick');
		return (this.beatRate = this.video.playbackRate);
	}

	async takeOver() {
		if (!this.session) return;
		this.session.tracker.reset();
		if (await this.session.start()) void this.video.play().catch(() => {});
	}

	async answerPresence() {
		const ok = (await this.session?.answerPresence()) ?? false;
		if (ok) void this.video.play().catch(() => {});
		return ok;
	}
}
