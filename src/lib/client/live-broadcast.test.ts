import { describe, expect, it } from 'vitest';
import { pickMimeType } from './live-broadcast.svelte.ts';

describe('pickMimeType', () => {
	it('prefers H.264 (copied by the server), then VP8', () => {
		expect(pickMimeType(() => true)).toBe('video/webm;codecs=h264,opus');
		expect(pickMimeType((t) => t.includes('vp8'))).toBe('video/webm;codecs=vp8,opus');
		expect(pickMimeType((t) => t.startsWith('video/mp4'))).toBe('video/mp4;codecs=avc1,mp4a.40.2');
		expect(pickMimeType(() => false)).toBe('video/webm');
	});
});
