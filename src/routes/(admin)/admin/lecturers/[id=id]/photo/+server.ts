// A lecturer's photo, for anyone signed in (class menus show the lecturer).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { getLecturer, readPhoto } from '$lib/server/lecturers';

export const GET: RequestHandler = async (event) => {
	guard.requireUser(event);
	const lecturer = await getLecturer(db(), Number(event.params.id));
	const photo = lecturer ? await readPhoto(lecturer.photoPath) : null;
	if (!photo) error(404, m.pool_not_found());
	return new Response(new Uint8Array(photo.bytes), {
		headers: {
			'content-type': photo.type,
			'cache-control': 'private, max-age=300',
			'x-content-type-options': 'nosniff'
		}
	});
};
