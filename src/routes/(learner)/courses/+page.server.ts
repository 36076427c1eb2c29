import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import {
	categoryLabel,
	categoryOptions,
	coverUrl,
	formatDuration,
	isCategory,
	listCatalogue
} from '$lib/server/courses';

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const category = params.get('category') ?? '';
	const page = Number(params.get('page') ?? 1);
	const result = await listCatalogue(db(), {
		q,
		category: isCategory(category) ? category : null,
		page: Number.isFinite(page) ? page : 1,
		viewer: user
	});
	return {
		q,
		category: isCategory(category) ? category : '',
		categories: categoryOptions(),
		total: result.total,
		page: result.page,
		pages: Math.max(1, Math.ceil(result.total / result.pageSize)),
		courses: result.courses.map((c) => ({
			id: c.id,
			title: c.title,
			category: c.category,
			categoryLabel: categoryLabel(c.category),
			coverUrl: c.hasCover ? coverUrl(c.id, c.updatedAt) : null,
			lecturers: c.lecturers,
			lessonCount: c.lessonCount,
			duration: formatDuration(c.totalSeconds)
		}))
	};
};
