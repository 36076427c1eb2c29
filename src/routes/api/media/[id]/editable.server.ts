// The asset of /api/media/<id>/…, for a lecturer or admin who may edit a lesson using it.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { canEditAsset, getAsset } from '$lib/server/media';
import { UUID_RE } from '$lib/server/media/storage';

export async function requireEditableAsset(event: RequestEvent<{ id: string }>) {
	const user = guard.requireRole(event, 'lecturer', 'admin');
	const id = event.params.id;
	if (!UUID_RE.test(id)) error(404, m.media_not_found());
	if (!(await canEditAsset(db(), user, id))) error(403, m.auth_forbidden());
	const asset = await getAsset(db(), id);
	if (!asset) error(404, m.media_not_found());
	return asset;
}
