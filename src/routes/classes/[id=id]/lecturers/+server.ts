// The menu's lecturer picker: lecturers of the pool by name or topic.
import { json } from '@sveltejs/kit';
import * as limits from '$lib/api/limits';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { searchLecturers } from '$lib/server/classes/classes';
import { requireManagedClass } from '../../class.server';

export const GET: RequestHandler = async (event) => {
	await requireManagedClass(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, limits.search.people);
	return json(await searchLecturers(db(), q));
};
