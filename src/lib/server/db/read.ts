// Reads that may go to a streaming replica (DATABASE_READ_URL): reports,
// bulletins, exports, and later the archive and year-end views. Writes always
// go to the primary (db()). Without a replica every read is the primary's.
//
//   const read = await readDb({ after: readYourWritesLsn(event.cookies) });
//   const report = await unitReport(read.sql, …);     // and show freshness(read)
//
// The replica is used only when it has replayed past `after` (the primary's
// WAL position after this person's last write, see read-your-writes.ts) and
// is no further behind than XUEFAN_REPLICA_MAX_LAG_S; otherwise the primary.
import postgres from 'postgres';
import { config } from '../config.js';
import { onShutdown } from '../shutdown.ts';
import { clientOptions, db } from './index.ts';

export interface ReadDb {
	sql: postgres.Sql;
	source: 'primary' | 'replica';
	/** The data are complete up to this instant (the primary: now). */
	asOf: Date;
	/** Seconds the replica is behind (0 on the primary or a caught-up replica). */
	lagSeconds: number;
	/** Why the primary was used although a replica is configured. */
	fallback?: 'read_your_writes' | 'lagging' | 'unreachable';
}

const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;
export const isLsn = (v: unknown): v is string => typeof v === 'string' && LSN.test(v);

// On globalThis like the primary: `vite dev` reloads modules; tests point it at their replica.
const holder = globalThis as { __xuefanReplica?: { url: string; sql: postgres.Sql } | null };

/** The replica's client, opened on first use; null when none is configured. */
export function replica(): postgres.Sql | null {
	const url = config().databaseReadUrl;
	if (holder.__xuefanReplica === null) return null; // set by a test: no replica
	if (holder.__xuefanReplica) return holder.__xuefanReplica.sql;
	if (!url) return null;
	const sql = postgres(url, { ...clientOptions, max: config().pgPoolMax });
	holder.__xuefanReplica = { url, sql };
	onShutdown(() => sql.end({ timeout: 5 }));
	return sql;
}

/** Points replica() at a client (tests), or at none (null), or back to config (undefined). */
export function useReplica(sql: postgres.Sql | null | undefined): void {
	holder.__xuefanReplica = sql ? { url: '', sql } : sql;
}

/** The primary's current WAL position (after a write: every commit so far is at or before it). */
export async function primaryLsn(primary: postgres.Sql): Promise<string> {
	const [row] = await primary<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
	return row.lsn;
}

/** Where reads go now, for this request (see the top of the file). */
export async function readDb(o: { after?: string | null } = {}): Promise<ReadDb> {
	return chooseRead(db(), replica(), { ...o, maxLagSeconds: config().replicaMaxLagSeconds });
}

const onPrimary = (sql: postgres.Sql, fallback?: ReadDb['fallback']): ReadDb => ({
	sql,
	source: 'primary',
	asOf: new Date(),
	lagSeconds: 0,
	...(fallback && { fallback })
});

/** The choice itself, on given clients. */
export async function chooseRead(
	primary: postgres.Sql,
	standby: postgres.Sql | null,
	o: { after?: string | null; maxLagSeconds: number }
): Promise<ReadDb> {
	if (!standby) return onPrimary(primary);
	try {
		// The primary's position first: whatever the replica has replayed past it is complete.
		const head = await primaryLsn(primary);
		const after = isLsn(o.after) ? o.after : null;
		const [r] = await standby<
			{ caught_up: boolean; past_after: boolean; replayed_at: Date | null; now: Date }[]
		>`
			select pg_last_wal_replay_lsn() >= ${head}::pg_lsn as caught_up,
				${after}::pg_lsn is null or pg_last_wal_replay_lsn() >= ${after}::pg_lsn as past_after,
				pg_last_xact_replay_timestamp() as replayed_at, now() as now`;
		if (!r.past_after) return onPrimary(primary, 'read_your_writes');
		if (r.caught_up) return { sql: standby, source: 'replica', asOf: r.now, lagSeconds: 0 };
		const asOf = r.replayed_at ?? new Date(0);
		const lagSeconds = Math.max(0, (r.now.getTime() - asOf.getTime()) / 1000);
		if (lagSeconds > o.maxLagSeconds) return onPrimary(primary, 'lagging');
		return { sql: standby, source: 'replica', asOf, lagSeconds: Math.round(lagSeconds) };
	} catch (e) {
		// A replica that is down must not take the reports with it.
		console.error('read replica unreachable, reading the primary:', (e as Error).message);
		return onPrimary(primary, 'unreachable');
	}
}
