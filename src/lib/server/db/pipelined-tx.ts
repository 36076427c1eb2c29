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
		if (!done) await tx`rollback`.catch(() => {});
		throw e;
	} finally {
		tx.release();
	}
}
