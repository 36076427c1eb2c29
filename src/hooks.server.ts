import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { sessions } from '$lib/server/auth';
import { db, startDatabase } from '$lib/server/db';
import { startJobs } from '$lib/server/jobs';
import { initMedia } from '$lib/server/media';
import { migrate } from '$lib/server/db/migrate';
import { normaliseAcceptLanguage } from '$lib/server/i18n';
import { attachRealtime, realtime } from '$lib/server/realtime';
import { attachIngest } from '$lib/server/live/ingest/socket';
import { seedDemoIfEmpty } from '$lib/server/seed';
import { registerDomainReactions } from '$lib/server/domains';
import { onShutdown } from '$lib/server/shutdown';
import { registerHeartbeatFastPath } from '$lib/server/progress/fast-path';
import { registerSubmitFastPath } from '$lib/server/quiz/fast-path';

export const init: ServerInit = async () => {
	// Before anything writes: programmes follow progress and org through these.
	registerDomainReactions();
	const database = await startDatabase();
	onShutdown(() => database.close());
	const applied = await migrate(database.sql);
	if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
	// Demo data only ever lands on the embedded default, never on DATABASE_URL.
	if (database.embedded && process.env.XUEFAN_NO_SEED !== '1') await seedDemoIfEmpty(database.sql);
	const io = (globalThis as { __xuefanIo?: import('socket.io').Server }).__xuefanIo;
	if (io) attachRealtime(io);
	// The lecturer's browser pushes its live broadcast on the /ingest namespace.
	if (io) attachIngest(io);
	// Heartbeats skip the kit pipeline in production (server/index.js asks this first).
	registerHeartbeatFastPath();
	registerSubmitFastPath(); // quiz submits too (a deadline rush)
	await initMedia(database.sql);
	// After migrations and the seed: the queue picks up the seed's demo lectures.
	const jobs = await startJobs({
		sql: database.sql,
		connection: database.connection,
		notify: (userId, event) => realtime()?.to(`user:${userId}`).emit('media:progress', event)
	});
	onShutdown(() => jobs.stop());
};

const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessions.COOKIE);
	const found = token ? await sessions.validate(db(), token) : null;
	event.locals.user = found?.user ?? null;
	event.locals.session = found?.session ?? null;
	if (found?.refreshed) sessions.setCookie(event.cookies, token!, event.url);
	if (token && !found) sessions.clearCookie(event.cookies, event.url);
	return resolve(event);
};

// Locale: cookie (kept per user, set at login and by the switcher), else the
// browser's languages with every zh* tag counted as zh-CN, else zh-CN.
const i18n: Handle = ({ event, resolve }) => {
	// Uploads must not be copied by the middleware.
	if (event.url.pathname.startsWith('/api/uploads')) return resolve(event);
	const request = new Request(event.request.url, {
		headers: normaliseAcceptLanguage(event.request.headers)
	});
	return paraglideMiddleware(request, ({ locale }) =>
		resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		})
	);
};

export const handle = sequence(authenticate, i18n);
