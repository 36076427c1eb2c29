// Plain JS: the production entry (server/index.js) uses it too, before the kit bundle.

/**
 * The connection is gone, not the statement wrong: postgres.js's own connection
 * errors, the socket's, and PostgreSQL's class 08 and 57P01–57P03 (terminated by
 * an administrator or a shutdown, cannot connect now).
 * @param {unknown} e
 * @returns {boolean}
 */
export function connectionLost(e) {
	const code = /** @type {{ code?: unknown } | null} */ (e)?.code;
	return (
		typeof code === 'string' &&
		(code.startsWith('CONNECTION_') ||
			code.startsWith('08') ||
			['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED'].includes(
				code
			))
	);
}

/**
 * postgres.js 3.4.x can reject a promise nobody holds when PostgreSQL ends a
 * connection mid-query (porsager/postgres#1208, fix in the unreleased #1209):
 * the heartbeat-pg-terminate test saw a 57P01 end the process that way. Such a
 * rejection is logged and the process goes on (the pool reconnects on demand,
 * and the batch that met it has already failed to its submitters, unacknowledged).
 * Any other unhandled rejection still ends the process, as by default.
 * @param {(e: unknown) => void} warn
 */
export function surviveLostConnections(warn) {
	process.on('unhandledRejection', (e) => {
		if (!connectionLost(e)) throw e;
		warn(e);
	});
}
