// Retry a failed transcode: the asset goes back to the queue with a new job.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { jobs } from '$lib/server/jobs';
import { markQueued } from '$lib/server/media/assets';
import { requireEditableAsset } from '../editable.server';

export const POST: RequestHandler = async (event) => {
	const asset = await requireEditableAsset(event);
	const id = event.params.id;
	if (asset.status !== 'failed')
		return json(
			{ error: 'media_retry_not_failed', message: m.media_retry_not_failed() },
			{ status: 409 }
		);
	await markQueued(db(), id);
	await jobs().enqueueTranscode(id);
	return json({ assetId: id, status: 'validated', progress: 0, error: null });
};
