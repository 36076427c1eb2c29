// Retry a failed transcode: the asset goes back to the queue with a new job.
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { jobs } from '$lib/server/jobs';
import { canEditAsset, getAsset } from '$lib/server/media';
import { markQueued } from '$lib/server/media/assets';
import { UUID_RE } from '$lib/server/media/storage';

export const POST: RequestHandler = async (event) => {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	const id = event.params.id;
	if (!UUID_RE.test(id)) error(404, m.media_not_found());
	if (!(await canEditAsset(db(), user, id))) error(403, m.auth_forbidden());
	const asset = await getAsset(db(), id);
	if (!asset) error(404, m.media_not_found());
	if (asset.status !== 'failed') return json({ error: 'media_retry_not_failed', message: m.media_retry_not_failed() }, { status: 409 });
	await markQueued(db(), id);
	await jobs().enqueueTranscode(id);
	return json({ assetId: id, status: 'validated', progress: 0, error: null });
};
