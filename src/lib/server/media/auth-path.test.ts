import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaAuthVerdict, MEDIA_AUTH_MAX_AGE } from './auth-path.ts';
import { initMediaSecret, signQuery } from './signing.ts';

beforeAll(async () => {
	process.env.XUEFAN_MEDIA_SECRET = 'unit-test-secret-0123456789';
	await initMediaSecret(null as never);
});
afterAll(() => {
	delete process.env.XUEFAN_MEDIA_SECRET;
});

const A = '6f1d2c3b-aaaa-4bbb-8ccc-123456789abc';
const B = '6f1d2c3b-bbbb-4bbb-8ccc-123456789abc';
const now = 1_700_000_000_000;

describe('the media verdict nginx asks for', () => {
	it('allows a valid signature, cached at most a minute and never past the expiry', () => {
		expect(mediaAuthVerdict(`/_media-auth/${A}?${signQuery(A, 7, 3600, now)}`, now)).toEqual({
			status: 204,
			maxAge: MEDIA_AUTH_MAX_AGE
		});
		expect(mediaAuthVerdict(`/_media-auth/${A}?${signQuery(A, 7, 20, now)}`, now)).toEqual({
			status: 204,
			maxAge: 20
		});
	});

	it('refuses unsigned, expired, tampered and other-asset queries; 404 for a non-asset', () => {
		const q = signQuery(A, 7, 60, now);
		expect(mediaAuthVerdict(`/_media-auth/${A}`, now).status).toBe(403);
		expect(mediaAuthVerdict(`/_media-auth/${A}?${q}`, now + 61_000).status).toBe(403);
		expect(mediaAuthVerdict(`/_media-auth/${A}?${q.replace('u=7', 'u=8')}`, now).status).toBe(403);
		expect(mediaAuthVerdict(`/_media-auth/${B}?${q}`, now).status).toBe(403);
		expect(mediaAuthVerdict(`/_media-auth/../etc?${q}`, now).status).toBe(404);
	});
});
