import type { PageServerLoad } from './$types';
import { guard } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { categoryLabel } from '$lib/server/courses';
import {
	continueWatching,
	creditHoursThisYear,
	ledger,
	myCourses,
	shanghaiYear
} from '$lib/server/progress';

/** Years offered in the selector: this one and the four before it. */
const YEARS_BACK = 4;

export const load: PageServerLoad = async (event) => {
	const user = guard.requireUser(event);
	const thisYear = shanghaiYear(new Date());
	const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i);
	const raw = event.url.searchParams.get('year');
	// A year outside the list is refused with a message; the page shows this year.
	const asked = raw === null || raw === '' ? thisYear : /^\d{4}$/.test(raw) ? Number(raw) : NaN;
	const badYear = !years.includes(asked);
	const year = badYear ? thisYear : asked;

	const [courses, recent, hours, entries] = await Promise.all([
		myCourses(db(), user.id),
		continueWatching(db(), user.id, 6),
		creditHoursThisYear(db(), user.id, year),
		ledger(db(), user.id, year)
	]);
	const labelled = courses.map((c) => ({ ...c, categoryLabel: categoryLabel(c.category) }));
	return {
		inProgress: labelled.filter((c) => !c.completedAt),
		completed: labelled.filter((c) => c.completedAt),
		recent,
		year,
		years,
		badYear: badYear ? raw!.slice(0, 20) : null,
		hours,
		entries
	};
};
