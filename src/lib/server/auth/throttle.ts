// Login throttling, per account (`acct:<employee no, lowercased>`) and per IP
// (`ip:<address>`): after 10 failed attempts within 15 minutes every further
// attempt on that key is refused, before any password is checked, until the
// oldest counted failure leaves the window.
//
// Kept in login_failures, so several app instances share it. An attempt is
// counted as a failure *before* the password is checked (under a per-key
// advisory lock), so a burst of parallel guesses cannot slip past the limit;
// a successful login takes its own rows back and clears the account key.
//
//   const attempt = await throttle.attempt(sql, [throttle.accountKey(no), throttle.ipKey(ip)]);
//   if (!attempt.allowed) → 429, attempt.retryAfterSeconds
//   …check the password…; on success: await throttle.succeeded(sql, attempt, throttle.accountKey(no))
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { config } from '../config.js';

export const MAX_FAILURES = 10;
export const WINDOW_SECONDS = 15 * 60;
const LOCK_CLASS = 7301; // first key of pg_advisory_xact_lock(int, int): ours

export type Verdict = { allowed: true } | { allowed: false; retryAt: Date };

export type Attempt =
	{ allowed: true; ids: number[] } | { allowed: false; retryAt: Date; retryAfterSeconds: number };

/**
 * The limit for a key: 10, as the rules say. Many people behind one NAT
 * address (a township office) share an IP key, so an operator may raise the
 * per-IP limit with XUEFAN_LOGIN_IP_MAX_FAILURES (never below 10).
 */
export function maxFailuresFor(key: string): number {
	return key.startsWith('ip:') ? config().loginIpMaxFailures : MAX_FAILURES;
}

export function accountKey(employeeNo: string): string {
	return `acct:${employeeNo.trim().toLowerCase()}`;
}

export function ipKey(address: string): string {
	return `ip:${address}`;
}

/**
 * The window math, for one key: given the failure times, may another attempt
 * be made at `now`? A failure counts while it is less than the window old.
 */
export function evaluate(
	failures: readonly Date[],
	now: Date,
	max = MAX_FAILURES,
	windowSeconds = WINDOW_SECONDS
): Verdict {
	const windowMs = windowSeconds * 1000;
	const start = now.getTime() - windowMs;
	const counted = failures
		.map((d) => d.getTime())
		.filter((t) => t > start)
		.sort((a, b) => a - b);
	if (counted.length < max) return { allowed: true };
	// Allowed again once only max-1 remain: when the (n-max+1)th oldest leaves.
	return { allowed: false, retryAt: new Date(counted[counted.length - max] + windowMs) };
}

/** Checks every key and, when all allow it, counts this attempt as a failure on each (see succeeded). */
export async function attempt(sql: Db, keys: readonly string[]): Promise<Attempt> {
	const sorted = [...new Set(keys)].sort();
	if (sorted.length === 0) return { allowed: true, ids: [] };
	const limit = Math.max(...sorted.map(maxFailuresFor));
	const result = await inTransaction(sql, async (tx) => {
		for (const key of sorted)
			await tx`select pg_advisory_xact_lock(${LOCK_CLASS}::int, hashtext(${key}))`;
		const [{ now }] = await tx`select now() as now`;
		const rows = await tx`
			select k.key, f.failed_at
			from unnest(${sorted}::text[]) as k (key)
			cross join lateral (
				select failed_at from login_failures
				where key = k.key and failed_at > now() - make_interval(secs => ${WINDOW_SECONDS})
				order by failed_at desc
				limit ${limit}
			) f`;
		let retryAt: Date | null = null;
		for (const key of sorted) {
			const verdict = evaluate(
				rows.filter((r) => r.key === key).map((r) => r.failed_at as Date),
				now,
				maxFailuresFor(key)
			);
			if (!verdict.allowed && (!retryAt || verdict.retryAt > retryAt)) retryAt = verdict.retryAt;
		}
		if (retryAt) {
			const retryAfterSeconds = Math.max(
				1,
				Math.ceil((retryAt.getTime() - (now as Date).getTime()) / 1000)
			);
			return { allowed: false as const, retryAt, retryAfterSeconds };
		}
		const inserted = await tx`
			insert into login_failures (key, failed_at)
			select k, now() from unnest(${sorted}::text[]) as k
			returning id`;
		return { allowed: true as const, ids: inserted.map((r) => Number(r.id)) };
	});
	// Opportunistic pruning: now and then, drop rows that no longer count.
	if (Math.random() < 0.05) await prune(sql);
	return result;
}

/** The attempt succeeded: withdraw its failure rows and clear the given keys (the account's). */
export async function succeeded(sql: Db, attempt: Attempt, ...clearKeys: string[]): Promise<void> {
	const ids = attempt.allowed ? attempt.ids : [];
	await sql`delete from login_failures where id = any(${ids}::bigint[]) or key = any(${clearKeys}::text[])`;
}

/** Forgets a key's failures (e.g. after an administrator resets the password). */
export async function clear(sql: Db, key: string): Promise<void> {
	await sql`delete from login_failures where key = ${key}`;
}

/** Deletes failures older than the window. */
export async function prune(sql: Db): Promise<number> {
	const result = await sql`
		delete from login_failures where failed_at <= now() - make_interval(secs => ${WINDOW_SECONDS})`;
	return result.count;
}

/** Minutes to show a person for a wait of this many seconds (at least 1). */
export function retryMinutes(retryAfterSeconds: number): number {
	return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}
