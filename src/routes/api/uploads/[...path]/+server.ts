// tus endpoint for lecture videos (see $lib/server/media/uploads). The paraglide
// middleware is skipped for /api/uploads in hooks (it would copy the body).
import type { RequestEvent, RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { jobs } from '$lib/server/jobs';
import * as edge from '$lib/server/edge';
import { handleUpload } from '$lib/server/media/uploads';

function handle(event: RequestEvent): Promise<Response> {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	// The paraglide middleware is skipped here: the edge gives the same answer.
	const locale = edge.requestLocale(event.request.headers);
	return handleUpload(event.request, {
		sql: db(),
		user,
		locale,
		accepted: (assetId) => jobs().enqueueTranscode(assetId)
	});
}

export const POST: RequestHandler = handle;
export const PATCH: RequestHandler = handle;
export const HEAD: RequestHandler = handle;
export const DELETE: RequestHandler = handle;
export const OPTIONS: RequestHandler = handle;
