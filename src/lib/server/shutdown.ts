// Ordered shutdown: server/index.js closes sockets and HTTP first, then runs
// these last-registered-first, so what was started later (jobs) stops before
// what it depends on (the database, registered first).
type Hook = () => Promise<void> | void;

export function onShutdown(hook: Hook) {
	const g = globalThis as { __xuefanShutdown?: Hook[] };
	(g.__xuefanShutdown ??= []).unshift(hook);
}
