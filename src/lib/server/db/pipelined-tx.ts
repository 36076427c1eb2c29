// A transaction whose statements are pipelined: BEGIN goes out together with
// the first statements instead of costing a round trip of its own. On a busy
// machine each round trip is milliseconds of scheduling, and a heartbeat batch
// is latency-bound, so this matters (three round trips per batch, not five).
// Same guarantees as sql.begin: all or nothing, the connection is ours alone.
//
// A connection PostgreSQL terminated (pg_terminate_backend, a restart) is
// never given back to the pool. postgres.js 3.4.9 — and 3.4.10, whose only
// change is the query-build error path — has no guard for it:
// - releasing it puts the dead connection back as open; the next query on it
//   never settles (porsager/postgres#1199);
// - writing to it again throws from a timer: the process dies (#1208, fix
//   proposed in PR #1209, unreleased);
// - a reserve() queued while a connection closes can be dropped and never
//   settle (#1195), so reserving has a deadline here.
// Not releasing is what the pool needs: on close it has already moved the
// connection to its closed queue and reconnects it on demand.
import type postgres from 'postgres';
import { connectionLost } from './connection-lost.js';

export { connectionLost };

/** How long a batch waits for a connection before failing (the client retries). */
const RESERVE_TIMEOUT_MS = 10_000;

export async function pipelinedTransaction<T>(
	sql: postgres.Sql,
	fn: (tx: postgres.ReservedSql, begun: Promise<unknown>) => Promise<T>
): Promise<T> {
	const tx = await reserveWithin(sql, RESERVE_TIMEOUT_MS);
	// True once the connection is known alive and outside a transaction: only then does it go back.
	let reusable = false;
	try {
		const begun = tx`begin`.execute();
		begun.catch(() => {}); // `fn` awaits it with its first statements
		const out = await fn(tx, begun);
		const committed = await tx`commit`;
		reusable = true;
		// COMMIT of a transaction that failed answers ROLLBACK instead of an error.
		if (committed.command !== 'COMMIT')
			throw new Error(`transaction rolled back (${committed.command})`);
		return out;
	} catch (e) {
		// A statement's own error: roll back, and the connection is fine if that works.
		// A lost connection: PostgreSQL rolled the transaction back with it; nothing more is sent.
		if (!reusable && !connectionLost(e))
			reusable = await tx`rollback`.then(
				() => true,
				() => false
			);
		throw e;
	} finally {
		if (reusable) tx.release();
	}
}

/** sql.reserve() with a deadline; a connection that comes after it goes straight back. */
export function reserveWithin(sql: postgres.Sql, ms: number): Promise<postgres.ReservedSql> {
	return new Promise((resolve, reject) => {
		let late = false;
		const timer = setTimeout(() => {
			late = true;
			const e = new Error(`no database connection within ${ms} ms`);
			reject(Object.assign(e, { code: 'CONNECTION_RESERVE_TIMEOUT' }));
		}, ms);
		sql.reserve().then(
			(tx) => {
				clearTimeout(timer);
				if (late) tx.release();
				else resolve(tx);
			},
			(e: unknown) => {
				clearTimeout(timer);
				reject(e);
			}
		);
	});
}
