import type { Locale } from '../../paraglide/runtime.js';
export const ROLES = ['learner', 'lecturer', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in person, as every guard sees them (locals.user). */
export interface SessionUser {
	id: number;
	employeeNo: string;
	name: string;
	unitId: number;
	roles: Role[];
	/** Roots of the org subtrees a unit leader may see (empty for others). */
	scopeUnitIds: number[];
	locale: Locale | null;
	mustChangePassword: boolean;
}

export interface Session {
	id: string;
	userId: number;
	createdAt: Date;
	lastVerifiedAt: Date;
}
