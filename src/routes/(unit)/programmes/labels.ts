import { m } from '$lib/paraglide/messages.js';

export function statusLabel(status: string): string {
	return status === 'published'
		? m.prog_status_published()
		: status === 'archived'
			? m.prog_status_archived()
			: m.prog_status_draft();
}
