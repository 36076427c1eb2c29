// GET /programmes/people?q=… → people the caller may name in an audience (JSON, at most 20).
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { searchPeople } from '$lib/server/programmes';

export const GET: RequestHandler = async (event) => {
	const user = guard.requireRole(event, 'admin', 'leader');
	return json(await searchPeople(db(), user, event.url.searchParams.get('q') ?? ''));
};
