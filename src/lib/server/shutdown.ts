// Ordered shutdown (server/index.js on SIGTERM/SIGINT): first the drain hooks
// (finish what was accepted: the heartbeat group commit), then sockets and
// HTTP close, then the shutdown hooks last-registered-first, so what was
// started later (jobs) stops before what it depends on (the database,
// registered first).
type Hook = () => Promise<void> | void;

export function onShutdown(hook: Hook) {
	const g = globalThis as { __xuefanShutdown?: Hook[] };
	(g.__xuefanShutdown ??= []).unshift(hook);
}

/** Runs while sockets are still open, before onShutdown hooks: answers go out after their commit. Replaces a same-named hook (dev reloads). */
export function onDrain(name: string, hook: Hook) {
	const g = globalThis as { __xuefanDrain?: Map<string, Hook> };
	(g.__xuefanDrain ??= new Map()).set(name, hook);
}
