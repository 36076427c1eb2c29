import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';

// Only what the shell needs; never the session or anything secret.
export const load: LayoutServerLoad = ({ locals }) => {
	const u = locals.user;
	return {
		locale: getLocale(),
		user: u && { id: u.id, name: u.name, employeeNo: u.employeeNo, roles: u.roles, mustChangePassword: u.mustChangePassword }
	};
};
