import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import * as guard from './guard';
import type { SessionUser } from './types';

const person = (over: Partial<SessionUser> = {}): SessionUser => ({
	id: 1,
	employeeNo: 'A001',
	name: '张三',
	unitId: 10,
	roles: ['learner'],
	scopeUnitIds: [],
	locale: null,
	mustChangePassword: false,
	...over
});
const event = (user: SessionUser | null, path = '/admin/units?q=1') => ({
	locals: { user },
	url: new URL(`http://xuefan.test${path}`)
});

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	throw new Error('did not throw');
}

describe('guard', () => {
	it('requireUser sends the signed-out to /login with next', () => {
		const e = thrown(() => guard.requireUser(event(null)));
		expect(isRedirect(e) && e.status === 303 && e.location).toBe(
			'/login?next=%2Fadmin%2Funits%3Fq%3D1'
		);
		const bare = thrown(() => guard.requireUser({ user: null }));
		expect(isRedirect(bare) && bare.location).toBe('/login');
	});

	it('answers 401 on /api/ instead of redirecting', () => {
		const e = thrown(() => guard.requireUser(event(null, '/api/progress')));
		expect(isHttpError(e) && e.status).toBe(401);
	});

	it('sends a person who must change the password to /password, except from /password and /logout', () => {
		const u = person({ mustChangePassword: true });
		const e = thrown(() => guard.requireUser(event(u, '/admin/units')));
		expect(isRedirect(e) && e.location).toBe('/password?next=%2Fadmin%2Funits');
		expect(guard.requireUser(event(u, '/password'))).toBe(u);
		expect(guard.requireUser(event(u, '/logout'))).toBe(u);
		expect(guard.requireSocketRole(u)).toBe(false);
	});

	it('requireRole lets any listed role in and gives 403 otherwise', () => {
		const leader = person({ roles: ['learner', 'leader'], scopeUnitIds: [5] });
		expect(guard.requireRole(event(leader), 'admin', 'leader')).toBe(leader);
		const e = thrown(() => guard.requireRole(event(leader), 'admin'));
		expect(isHttpError(e) && e.status).toBe(403);
		expect(isHttpError(e) && e.body.message.length).toBeGreaterThan(0);
		expect(isRedirect(thrown(() => guard.requireRole(event(null), 'admin')))).toBe(true);
	});

	it('hasRole, requireSocketRole and scopeRootIds', () => {
		const admin = person({ roles: ['admin'] });
		const leader = person({ roles: ['leader'], scopeUnitIds: [3, 7] });
		const learner = person();
		expect(guard.hasRole(admin, 'admin')).toBe(true);
		expect(guard.hasRole(admin, 'leader')).toBe(false);
		expect(guard.hasRole(null, 'learner')).toBe(false);
		expect(guard.requireSocketRole(learner)).toBe(true);
		expect(guard.requireSocketRole(learner, 'lecturer')).toBe(false);
		expect(guard.requireSocketRole(null)).toBe(false);
		expect(guard.scopeRootIds(admin)).toBeNull();
		expect(guard.scopeRootIds(leader)).toEqual([3, 7]);
		expect(guard.scopeRootIds(learner)).toEqual([]);
	});
});
