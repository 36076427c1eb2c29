import { m } from '$lib/paraglide/messages.js';

type Role = 'learner' | 'lecturer' | 'leader' | 'admin';
export interface NavItem {
	href: string;
	label: () => string;
}

// Navigation per role, in the order a person of that role needs it.
const byRole: Record<Role, NavItem[]> = {
	learner: [
		{ href: '/courses', label: m.nav_courses },
		{ href: '/learn', label: m.nav_learn },
		{ href: '/tasks', label: m.prog_nav_tasks },
		{ href: '/my-classes', label: m.classes_nav_mine },
		{ href: '/archive', label: m.archive_title }
	],
	lecturer: [{ href: '/teach', label: m.nav_teach }],
	leader: [
		{ href: '/unit', label: m.nav_my_unit },
		{ href: '/programmes', label: m.prog_nav },
		{ href: '/reports', label: m.report_nav },
		{ href: '/reports/year-end', label: m.yearend_nav },
		{ href: '/classes', label: m.classes_nav },
		{ href: '/dispatch', label: m.dispatch_nav },
		{ href: '/archive/units', label: m.archive_units_link }
	],
	admin: [
		{ href: '/admin/units', label: m.nav_units },
		{ href: '/admin/people', label: m.nav_people },
		{ href: '/admin/people/import', label: m.nav_import },
		{ href: '/admin/credit-rules', label: m.credit_rules_nav },
		{ href: '/admin/audit', label: m.audit_nav },
		{ href: '/admin/lecturers', label: m.pool_nav },
		{ href: '/admin/sites', label: m.pool_sites_nav },
		{ href: '/dispatch', label: m.dispatch_nav },
		{ href: '/programmes', label: m.prog_nav },
		{ href: '/reports', label: m.report_nav },
		{ href: '/reports/year-end', label: m.yearend_nav },
		{ href: '/classes', label: m.classes_nav },
		{ href: '/archive/units', label: m.archive_units_link }
	]
};

export function navFor(roles: readonly Role[]): NavItem[] {
	// Live sessions are for everyone signed in (each sees those of their audience).
	const items: NavItem[] = [
		{ href: '/', label: m.nav_home },
		{ href: '/live', label: m.nav_live }
	];
	for (const role of ['learner', 'lecturer', 'leader', 'admin'] as const) {
		// shared entries (an admin who is also a leader) once
		if (roles.includes(role))
			items.push(...byRole[role].filter((i) => !items.some((x) => x.href === i.href)));
	}
	return items;
}
