// The state of one upload's processing, for the lecturer's upload component.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireEditableAsset } from './editable.server';
import { guard } from '$lib/server/auth';
import { signedMasterUrl } from '$lib/server/media/signing';

export const GET: RequestHandler = async (event) => {
	const asset = await requireEditableAsset(event);
	const user = guard.requireUser(event);
	return json({
		id: event.params.id,
		status: asset.status,
		progress: asset.progress,
		error: asset.error,
		originalName: asset.originalName,
		// the lecturer's preview of what learners will get, before publishing
		previewUrl: asset.status === 'ready' ? signedMasterUrl(event.params.id, user.id) : null
	});
};
