// A live session's status and lecturer, as every room event needs them.
// Cached per instance for a short time: status changes (l1's go-live / end)
// reach the room's rules within CACHE_MS; the database is the truth.
import type { Db } from '../../db/index.ts';
import type { LiveStatus } from '../sessions.ts';

export interface SessionInfo {
	id: number;
	status: LiveStatus;
	lecturerId: number;
	startedAt: Date | null;
	endedAt: Date | null;
}

const CACHE_MS = 2000;

export class SessionInfoCache {
	private entries = new Map<number, { at: number; value: Promise<SessionInfo | null> }>();

	constructor(private sql: () => Db) {}

	/** `fresh`: skip the cache (before refusing an event for the status, which may have just changed). */
	get(id: number, fresh = false, now = Date.now()): Promise<SessionInfo | null> {
		const hit = this.entries.get(id);
		if (hit && !fresh && now - hit.at < CACHE_MS) return hit.value;
		const value = load(this.sql(), id).catch((e) => {
			this.entries.delete(id);
			throw e;
		});
		this.entries.set(id, { at: now, value });
		if (this.entries.size > 1000) this.entries.delete(this.entries.keys().next().value!);
		return value;
	}

	forget(id: number): void {
		this.entries.delete(id);
	}
}

async function load(sql: Db, id: number): Promise<SessionInfo | null> {
	const [row] =
		await sql`select id, status, lecturer_id, started_at, ended_at from live_sessions where id = ${id}`;
	return row
		? {
				id: row.id,
				status: row.status,
				lecturerId: row.lecturer_id,
				startedAt: row.started_at,
				endedAt: row.ended_at
			}
		: null;
}

/** Chat and Q&A are open in the waiting room too; polls, check-ins and hands only while live. */
export function acceptsChat(status: LiveStatus): boolean {
	return status === 'scheduled' || status === 'live';
}
export function acceptsInteraction(status: LiveStatus): boolean {
	return status === 'live';
}
