import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	initMediaSecret,
	signedMasterUrl,
	signPlaylist,
	signQuery,
	verifyQuery
} from './signing.ts';

beforeAll(async () => {
	process.env.XUEFAN_MEDIA_SECRET = 'unit-test-secret-0123456789';
	await initMediaSecret(null as never); // from the environment: no database needed
});
afterAll(() => {
	delete process.env.XUEFAN_MEDIA_SECRET;
});

const A = '6f1d2c3b-aaaa-4bbb-8ccc-123456789abc';
const params = (q: string) => new URLSearchParams(q);

describe('signed media URLs', () => {
	it('verifies its own signature for the same asset and user, until the expiry', () => {
		const q = signQuery(A, 7, 60, 1_000_000);
		expect(verifyQuery(A, params(q), 1_000_000)).toMatchObject({ ok: true, userId: 7 });
		expect(verifyQuery(A, params(q), 1_000_000 + 61_000)).toEqual({ ok: false, reason: 'expired' });
		expect(verifyQuery(A.replace('a', 'b'), params(q), 1_000_000)).toEqual({
			ok: false,
			reason: 'bad_signature'
		});
		expect(verifyQuery(A, params(q.replace('u=7', 'u=8')), 1_000_000)).toEqual({
			ok: false,
			reason: 'bad_signature'
		});
		expect(verifyQuery(A, params(''), 1_000_000)).toEqual({ ok: false, reason: 'unsigned' });
	});
	it('builds the master URL', () => {
		expect(signedMasterUrl(A, 3)).toMatch(
			new RegExp(`^/media/${A}/master\\.m3u8\\?u=3&e=\\d+&s=[\\w-]{43}$`)
		);
	});
	it('signs every relative URI of a playlist, leaving tags and absolute URLs alone', () => {
		const text =
			'#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="key.bin"\n#EXTINF:6,\nseg_000.ts\nhttps://cdn/x.ts\n';
		expect(signPlaylist(text, 'u=1&e=2&s=3')).toBe(
			'#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="key.bin?u=1&e=2&s=3"\n#EXTINF:6,\nseg_000.ts?u=1&e=2&s=3\nhttps://cdn/x.ts\n'
		);
	});
});
