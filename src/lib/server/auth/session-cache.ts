// The one session-validation policy of every transport (kit hooks, the
// node:http fast paths, socket.io): a validated session is remembered until
// the database says it changed, so a heartbeat or a submit costs no session
// query, yet signing out, disabling an account or changing a password cuts
// every instance off at once. Triggers (migrations/0050_session_notify.sql)
// NOTIFY `xuefan_auth` after commit: `s:<session id>` when a session row is
// deleted, `u:<user id>` when what a session carries of its user (roles,
// scope, active, must-change, name, unit, locale) changes. Each instance
// LISTENs; while it is not listening (before start, or between a dropped
// LISTEN connection and its reconnect) nothing is cached, and on every
// (re)listen the cache is emptied, since notifications may have been missed.
// Entries also lapse after TTL_MS so the hourly last_verified_at refresh
// (sliding expiry) still happens. Concurrent look-ups of one token share one
// query, and the misses of one moment share one statement (lookUp below).
import type postgres from 'postgres';
import type { Db } from '../db/index.ts';
import * as sessions from './sessions.ts';

export const AUTH_CHANNEL = 'xuefan_auth';
const TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

interface Entry {
	found: sessions.Validated;
	at: number;
}

const byToken = new Map<string, Entry>();
const tokensOfUser = new Map<number, Set<string>>();
const tokenOfSession = new Map<string, string>();
const inFlight = new Map<string, Promise<sessions.Validated | null>>();
const endedListeners = new Set<(sessionId: string) => void>();
let listening = false;
let generation = 0; // bumped by every invalidation: an in-flight look-up begun before it is not cached

function forgetToken(token: string) {
	const hit = byToken.get(token);
	if (!hit) return;
	byToken.delete(token);
	tokenOfSession.delete(hit.found.session.id);
	const set = tokensOfUser.get(hit.found.user.id);
	set?.delete(token);
	if (set?.size === 0) tokensOfUser.delete(hit.found.user.id);
}

/** Drops a session (by id) from the cache and tells socket owners it ended. */
export function forgetSession(sessionId: string) {
	generation++;
	// Tokens are `<id>.<secret>`: the id is the prefix.
	const token = tokenOfSession.get(sessionId);
	if (token) forgetToken(token);
	for (const fn of endedListeners) fn(sessionId);
}

/** Drops every cached session of the user (their roles, scope or status changed). */
export function forgetUser(userId: number) {
	generation++;
	for (const token of [...(tokensOfUser.get(userId) ?? [])]) forgetToken(token);
}

export function clear() {
	generation++;
	byToken.clear();
	tokensOfUser.clear();
	tokenOfSession.clear();
}

/** Socket owners: called with the id of every session that ended (on any instance). */
export function onSessionEnded(fn: (sessionId: string) => void): () => void {
	endedListeners.add(fn);
	return () => endedListeners.delete(fn);
}

/** The session and its user, or null; see the top of this file for when the database is asked. */
export function validate(sql: Db, token: string): Promise<sessions.Validated | null> {
	const hit = byToken.get(token);
	if (hit && listening && Date.now() - hit.at < TTL_MS)
		return Promise.resolve({ ...hit.found, refreshed: false });
	const running = inFlight.get(token);
	if (running) return running.then((v) => (v ? { ...v, refreshed: false } : null));
	const began = generation;
	const p = lookUp(sql, token)
		.then((found) => {
			forgetToken(token);
			if (found && listening && began === generation) remember(token, found);
			return found;
		})
		.finally(() => inFlight.delete(token));
	inFlight.set(token, p);
	return p;
}

// Misses of one moment go to the database together (sessions.validateMany):
// after a restart every learner's socket reconnects at once, and at campaign
// scale the TTL lapses hundreds of sessions a second.
const LOOKUP_BATCH = 500;
interface Pending {
	tokens: string[];
	settle: ((v: sessions.Validated | null) => void)[];
	fail: ((e: unknown) => void)[];
}
const pendingBySql = new Map<Db, Pending>();

function lookUp(sql: Db, token: string): Promise<sessions.Validated | null> {
	return new Promise((resolve, reject) => {
		let batch = pendingBySql.get(sql);
		if (!batch) {
			const fresh: Pending = (batch = { tokens: [], settle: [], fail: [] });
			pendingBySql.set(sql, fresh);
			// After the current I/O callbacks: the events that arrived together share the query.
			setImmediate(() => flushLookUps(sql, fresh));
		}
		batch.tokens.push(token);
		batch.settle.push(resolve);
		batch.fail.push(reject);
		if (batch.tokens.length >= LOOKUP_BATCH) flushLookUps(sql, batch);
	});
}

function flushLookUps(sql: Db, batch: Pending) {
	if (pendingBySql.get(sql) !== batch) return; // already sent (full)
	pendingBySql.delete(sql);
	sessions.validateMany(sql, batch.tokens).then(
		(found) => found.forEach((v, i) => batch.settle[i](v)),
		(e) => batch.fail.forEach((f) => f(e))
	);
}

function remember(token: string, found: sessions.Validated) {
	if (byToken.size >= MAX_ENTRIES) clear();
	byToken.set(token, { found: { ...found, refreshed: false }, at: Date.now() });
	tokenOfSession.set(found.session.id, token);
	let set = tokensOfUser.get(found.user.id);
	if (!set) tokensOfUser.set(found.user.id, (set = new Set()));
	set.add(token);
}

function onNotice(payload: string) {
	for (const item of payload.split(',')) {
		if (item.startsWith('s:')) forgetSession(item.slice(2));
		else if (item.startsWith('u:')) forgetUser(Number(item.slice(2)));
	}
}

/** Starts caching on this database (once per process, at init). Resolves once LISTEN is in place. */
export async function listen(sql: postgres.Sql): Promise<{ stop(): Promise<void> }> {
	const { unlisten } = await sql.listen(AUTH_CHANNEL, onNotice, () => {
		// (Re)connected: whatever was announced meanwhile is unknown.
		clear();
		listening = true;
	});
	return {
		async stop() {
			listening = false;
			clear();
			await unlisten();
		}
	};
}
