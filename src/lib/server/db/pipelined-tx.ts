// A transaction whose statements are pipelined: BEGIN goes out together with
// the first statements instead of costing a round trip of its own. On a busy
// machine each round trip is milliseconds of scheduling, and a heartbeat batch
// is latency-bound, so this matters (three round trips per batch, not five).
// Same guarantees as sql.begin: all or nothing, the connection is ours alone.
import type postgres from 'postgres';

export async function pipelinedTransaction<T>(
	sql: postgres.Sql,
	fn: (tx: postgres.ReservedSql, begun: Promise<unknown>) => Promise<T>
): Promise<T> {
	const tx = await sql.reserve();
	let done = false;
	try {
		const begun = tx`begin`.execute();
		begun.catch(() => {}); // `fn` awaits it with its first statements
		const out = await fn(tx, begun);
		const committed = await tx`commit`;
		done = true;
		// COMMIT of a transaction that failed answers ROLLBACK instead of an error.
		if (committed.command !== 'COMMIT')
			throw new Error(`transaction rolled back (${committed.command})`);
		return out;
	} catch (e) {
		// Not on a connection that died (PostgreSQL rolled the transaction back
		// with it): postgres.js 3.4.9 throws an uncaught TypeError from a timer —
		// the process dies — when a reserved connection whose socket closed is
		// written to again (porsager/postgres#1208; seen under bench:campaign
		// --pg-kill-at: the web process went down with pg_terminate_backend).
		if (!done && !connectionLost(e)) await tx`rollback`.catch(() => {});
		throw e;
	} finally {
		tx.release();
	}
}

/** postgres.js's own connection errors and the socket's: the connection is gone, not the statement wrong. */
export function connectionLost(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	return (
		typeof code === 'string' &&
		(code.startsWith('CONNECTION_') || ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code))
	);
}
