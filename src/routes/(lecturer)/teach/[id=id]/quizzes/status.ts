import { m } from '$lib/paraglide/messages.js';

export const statusText = (s: string) =>
	s === 'published'
		? m.quiz_status_published()
		: s === 'archived'
			? m.quiz_status_archived()
			: m.quiz_status_draft();
