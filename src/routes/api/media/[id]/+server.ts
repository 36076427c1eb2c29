// The state of one upload's processing, for the lecturer's upload component.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireEditableAsset } from './editable.server';

export const GET: RequestHandler = async (event) => {
	const asset = await requireEditableAsset(event);
	return json({
		id: event.params.id,
		status: asset.status,
		progress: asset.progress,
		error: asset.error,
		originalName: asset.originalName
	});
};
