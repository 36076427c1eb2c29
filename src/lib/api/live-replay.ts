// The replay choices of ending a live session (the end dialog and the server's check).
export const REPLAY_TARGETS = ['course', 'new', 'none'] as const;
export type ReplayTarget = (typeof REPLAY_TARGETS)[number];

export interface ReplayChoice {
	/** the session's linked course, a new course of its own, or no replay at all */
	target: ReplayTarget;
	/** a new course is published at once (else a draft the lecturer publishes from 我的课程) */
	publish: boolean;
	/** a new course reaches every learner; else only the session's audience */
	everyone: boolean;
}

export const DEFAULT_REPLAY: ReplayChoice = { target: 'new', publish: false, everyone: false };
