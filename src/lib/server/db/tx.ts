// Runs fn in a transaction: a new one on a client, a savepoint inside one.
import type postgres from 'postgres';
import type { Db } from './index.ts';

export function inTransaction<T>(
	sql: Db,
	fn: (tx: postgres.TransactionSql) => Promise<T>
): Promise<T> {
	if ('savepoint' in sql) return sql.savepoint(fn) as Promise<T>;
	return (sql as postgres.Sql).begin(fn) as Promise<T>;
}
