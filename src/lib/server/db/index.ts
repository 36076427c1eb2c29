// The one SQL client of the app (postgres.js). With DATABASE_URL it uses that
// server; without, it starts the embedded PostgreSQL in ./data/pg.
import postgres from 'postgres';
import { startEmbedded, type EmbeddedServer } from './embedded.ts';
import { config, type Config } from '../config.js';

/** A client or a transaction: domain functions take one of these first. */
export type Db = postgres.Sql | postgres.TransactionSql;

/** Connection settings for node-postgres (`pg`), for pg-boss's own pool. */
export type PgConnection =
	| { connectionString: string }
	| { host: string; port: number; user: string; password: string; database: string };

export interface Database {
	sql: postgres.Sql;
	/** The same server as `sql`, as a `pg` config (pg-boss keeps its own pool). */
	connection: PgConnection;
	/** True when running on the embedded default (demo data may be seeded). */
	embedded: boolean;
	close(): Promise<void>;
}

export const clientOptions = {
	onnotice: () => {},
	// No JIT compilation: the reports' statements (lateral joins, CTEs) are
	// estimated far above jit_above_cost, and compiling them took longer than
	// running them (the dispatch list: 1.4 s of JIT for a 0.3 s statement,
	// bench:archive in docs/deploy.md). Merge, do not replace, when adding
	// connection parameters.
	connection: { jit: 'off' } as Record<string, string>,
	// bigint (count(*), sums) arrives as a JS number: none of ours near 2^53.
	types: {
		bigint: {
			to: 20,
			from: [20] as number[],
			serialize: (x: number) => String(x),
			parse: (x: string) => Number(x)
		}
	}
};

/** This process's name in pg_stat_activity (the pool gauge of ops/collect.ts finds its backends by it). */
export const applicationName = () => `xuefan-${config().ops.role}-${process.pid}`;

export async function openDatabase(cfg: Config = config()): Promise<Database> {
	const options = {
		...clientOptions,
		max: cfg.pgPoolMax,
		connection: { ...clientOptions.connection, application_name: applicationName() }
	};
	if (cfg.databaseUrl) {
		const sql = postgres(cfg.databaseUrl, options);
		return {
			sql,
			connection: { connectionString: cfg.databaseUrl },
			embedded: false,
			close: () => sql.end({ timeout: 5 })
		};
	}
	const server: EmbeddedServer = await startEmbedded({
		dataDir: `${cfg.dataDir}/pg`,
		port: cfg.pgPort
	});
	const sql = postgres({ ...server.connection, ...options });
	return {
		sql,
		connection: { ...server.connection },
		embedded: true,
		async close() {
			await sql.end({ timeout: 5 });
			await server.stop();
		}
	};
}

// On globalThis, not in module scope: `vite dev` re-runs the init hook with
// fresh modules after an edit, and must reuse the server it already started.
const holder = globalThis as { __xuefanDatabase?: Promise<Database> };

/** The process-wide database, opened once (server start or a script). */
export async function startDatabase(): Promise<Database> {
	holder.__xuefanDatabase ??= openDatabase().catch((e) => {
		holder.__xuefanDatabase = undefined; // let the next attempt try again
		throw e;
	});
	current = await holder.__xuefanDatabase;
	return current;
}

let current: Database | undefined;

export function db(): postgres.Sql {
	if (!current) throw new Error('database not started');
	return current.sql;
}
