// Cross-domain reactions: progress and org announce what happened, and the
// domain that follows up (study programmes) registers its handlers at start,
// as queues do in jobs/domains.ts. So imports run one way only: programmes
// reads progress and org, they never import programmes.
//
// Handlers get the caller's transaction and run inside it: an assignment never
// lags (or outlives a rollback of) the completion or move that caused it.
import type { Db } from './db/index.ts';

export interface CoursePair {
	userId: number;
	courseId: number;
}

/** Stricter anti-idling settings than the course's, from elsewhere (programmes). */
export interface PlaybackLimits {
	/** The lowest max credited rate required; null when none is. */
	maxRate: number | null;
	presence: boolean;
}

export interface Reactions {
	/** A course_completions row was inserted (progress/completion.ts). */
	courseCompleted(tx: Db, userId: number, courseId: number, at: Date): Promise<void>;
	/** A heartbeat batch committed: first coverage of lessons (`started`) and every pair it touched. */
	learningActivity(
		tx: Db,
		activity: { started: CoursePair[]; touched: CoursePair[] },
		at: Date
	): Promise<void>;
	/** People were created, edited, moved, (de)activated or imported (org). */
	peopleChanged(tx: Db, userIds: number[]): Promise<void>;
	/** A unit moved in the tree: everyone below it may have changed audiences (org). */
	unitMoved(tx: Db, unitId: number): Promise<void>;
	/** A playback starts: limits beyond the course's own (progress/playbacks.ts). */
	playbackLimits(tx: Db, userId: number, courseId: number, at: Date): Promise<PlaybackLimits>;
}

// On globalThis: `vite dev` re-runs init with fresh modules after an edit.
const holder = globalThis as { __xuefanReactions?: Reactions };

/** Sets the handlers (again at every init: the last registration wins). */
export function registerReactions(handlers: Reactions): void {
	holder.__xuefanReactions = handlers;
}

/**
 * The registered handlers. A missing registration is an error, not a no-op:
 * silently skipping them would leave programmes' assignments stale.
 */
export function reactions(): Reactions {
	const r = holder.__xuefanReactions;
	if (!r)
		throw new Error(
			'no domain reactions registered: call registerDomainReactions() at start (src/lib/server/domains.ts)'
		);
	return r;
}
