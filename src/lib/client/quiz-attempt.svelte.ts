// The learner's side of an attempt: answers autosave (debounced, one request
// in flight, retried with backoff), and are kept in localStorage until the
// server acknowledges them, so a dropped connection or a reload loses nothing.
// The countdown runs to the server's due time (corrected for this device's
// clock offset); at zero the attempt is submitted — the server decides what
// counts (answers saved after its deadline are ignored there, not here).
export type SaveStatus = 'saved' | 'saving' | 'offline' | 'error' | 'closed';
export type Answers = Record<string, number[]>;

interface Stored {
	answers: Answers;
	rev: number;
	acked: number;
	key: string;
}

export interface AttemptInit {
	attemptId: number;
	answers: Answers;
	dueAt: string | null;
	serverNow: string;
}

const DEBOUNCE_MS = 700;
const MAX_BACKOFF_MS = 30_000;

function randomKey(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(18));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class QuizAttempt {
	answers = $state<Answers>({});
	status = $state<SaveStatus>('saved');
	message = $state('');
	remaining = $state<number | null>(null); // whole seconds, null = no limit
	submitting = $state(false);

	readonly attemptId: number;
	#rev = 0;
	#acked = 0;
	#key: string;
	#storageKey: string;
	#dueAt: number | null;
	#offset: number; // server clock − device clock, ms
	#timer: ReturnType<typeof setTimeout> | null = null;
	#tick: ReturnType<typeof setInterval> | null = null;
	#inFlight = false;
	#backoff = 1000;
	#onDue: (() => void) | null = null;

	constructor(init: AttemptInit, onDue?: () => void) {
		this.attemptId = init.attemptId;
		this.#storageKey = `xuefan:quiz-attempt:${init.attemptId}`;
		this.#dueAt = init.dueAt ? Date.parse(init.dueAt) : null;
		this.#offset = Date.parse(init.serverNow) - Date.now();
		this.#onDue = onDue ?? null;
		const stored = this.#read();
		this.#key = stored?.key ?? randomKey();
		if (stored && stored.rev > stored.acked) {
			// Answers the server never acknowledged (offline, reload mid-save): they win, and go out again.
			this.answers = stored.answers;
			this.#rev = stored.rev;
			this.#acked = stored.acked;
			this.status = 'saving';
			this.#schedule(0);
		} else {
			this.answers = { ...init.answers };
			this.#write();
		}
	}

	/** Starts the countdown and the online listener (call from an $effect; returns the cleanup). */
	start(): () => void {
		const update = () => {
			if (this.#dueAt === null) return;
			const left = Math.max(0, Math.ceil((this.#dueAt - (Date.now() + this.#offset)) / 1000));
			this.remaining = left;
			if (left === 0 && this.#tick) {
				clearInterval(this.#tick);
				this.#tick = null;
				this.#onDue?.();
			}
		};
		update();
		if (this.#dueAt !== null) this.#tick = setInterval(update, 1000);
		const online = () => this.#schedule(0);
		window.addEventListener('online', online);
		return () => {
			if (this.#tick) clearInterval(this.#tick);
			if (this.#timer) clearTimeout(this.#timer);
			window.removeEventListener('online', online);
		};
	}

	chosen(questionId: number): number[] {
		return this.answers[String(questionId)] ?? [];
	}

	/** Single/true-false: choose one. Multiple: toggle. */
	choose(questionId: number, optionId: number, multiple: boolean) {
		if (this.status === 'closed') return;
		const key = String(questionId);
		const now = this.answers[key] ?? [];
		const next = multiple
			? now.includes(optionId)
				? now.filter((x) => x !== optionId)
				: [...now, optionId].sort((a, b) => a - b)
			: [optionId];
		this.answers = { ...this.answers, [key]: next };
		this.#rev++;
		this.#write();
		this.status = 'saving';
		this.#schedule(DEBOUNCE_MS);
	}

	get answeredCount(): number {
		return Object.values(this.answers).filter((v) => v.length > 0).length;
	}

	#read(): Stored | null {
		try {
			const raw = localStorage.getItem(this.#storageKey);
			return raw ? (JSON.parse(raw) as Stored) : null;
		} catch {
			return null;
		}
	}

	#write() {
		try {
			localStorage.setItem(
				this.#storageKey,
				JSON.stringify({
					answers: this.answers,
					rev: this.#rev,
					acked: this.#acked,
					key: this.#key
				} satisfies Stored)
			);
		} catch {
			/* storage full or disabled: the server copy still works */
		}
	}

	#schedule(ms: number) {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#save(), ms);
	}

	async #save(): Promise<void> {
		if (this.#inFlight || this.status === 'closed') return;
		if (this.#rev === this.#acked) {
			this.status = 'saved';
			return;
		}
		this.#inFlight = true;
		const rev = this.#rev;
		try {
			const res = await fetch(`/api/attempts/${this.attemptId}/answers`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ answers: this.answers })
			});
			if (res.ok) {
				this.#acked = Math.max(this.#acked, rev);
				this.#backoff = 1000;
				this.#write();
				this.status = this.#rev === this.#acked ? 'saved' : 'saving';
				this.message = '';
			} else if (res.status >= 500) {
				throw new Error(String(res.status));
			} else {
				const body = await res.json().catch(() => ({}));
				this.message = body.message ?? '';
				// Time up or already submitted: nothing more to save; the page moves to the result.
				if (res.status === 409 || res.status === 404) {
					this.status = 'closed';
					this.#onDue?.();
				} else this.status = 'error';
			}
		} catch {
			// No answer from the server (offline, 5xx): kept locally, tried again later.
			this.status = 'offline';
			this.#schedule(this.#backoff);
			this.#backoff = Math.min(MAX_BACKOFF_MS, this.#backoff * 2);
			return;
		} finally {
			this.#inFlight = false;
		}
		if (this.#rev !== this.#acked && this.status === 'saving') this.#schedule(0);
	}

	/**
	 * Submits with this attempt's idempotency key (kept across reloads), retrying
	 * network failures; returns the result page's URL, or throws with the server's message.
	 */
	async submit(): Promise<string> {
		this.submitting = true;
		if (this.#timer) clearTimeout(this.#timer);
		try {
			for (let attempt = 0; ; attempt++) {
				try {
					const res = await fetch(`/api/attempts/${this.attemptId}/submit`, {
						method: 'POST',
						headers: { 'content-type': 'application/json', 'idempotency-key': this.#key },
						body: JSON.stringify({ answers: this.answers })
					});
					const body = await res.json().catch(() => ({}));
					if (res.ok) {
						this.status = 'closed';
						try {
							localStorage.removeItem(this.#storageKey);
						} catch {
							/* ignore */
						}
						return body.resultUrl as string;
					}
					if (res.status < 500) throw new SubmitRefused(body.message ?? String(res.status));
				} catch (e) {
					if (e instanceof SubmitRefused || attempt >= 5) throw e;
					this.status = 'offline';
				}
				await new Promise((r) => setTimeout(r, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt)));
			}
		} finally {
			this.submitting = false;
		}
	}
}

export class SubmitRefused extends Error {}
