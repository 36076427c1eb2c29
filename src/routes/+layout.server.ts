import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { orgZone } from '$lib/server/clock';
import { db } from '$lib/server/db';
import { unreadCount } from '$lib/server/notifications/inbox';

// Only what the shell needs; never the session or anything secret.
export const load: LayoutServerLoad = async ({ locals }) => {
	const u = locals.user;
	return {
		locale: getLocale(),
		// every date and time is shown in the organisation's zone, in the browser too
		timeZone: orgZone(),
		user: u && {
			id: u.id,
			name: u.name,
			employeeNo: u.employeeNo,
			roles: u.roles,
			mustChangePassword: u.mustChangePassword
		},
		// the header's notification badge
		unread: u && !u.mustChangePassword ? await unreadCount(db(), u.id) : 0
	};
};
