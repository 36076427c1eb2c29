// The state of one upload's processing, for the lecturer's upload component.
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { canEditAsset, getAsset } from '$lib/server/media';
import { UUID_RE } from '$lib/server/media/storage';

export const GET: RequestHandler = async (event) => {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	const id = event.params.id;
	if (!UUID_RE.test(id)) error(404, m.media_not_found());
	if (!(await canEditAsset(db(), user, id))) error(403, m.auth_forbidden());
	const asset = await getAsset(db(), id);
	if (!asset) error(404, m.media_not_found());
	return json({ id, status: asset.status, progress: asset.progress, error: asset.error, originalName: asset.originalName });
};
