import { describe, expect, it } from 'vitest';
import { segmentAt } from './hls-loader';

describe('segmentAt', () => {
	const playlist = [
		'#EXTM3U',
		'#EXT-X-TARGETDURATION:6',
		'#EXTINF:2.000000,',
		'seg_000.ts?s=a',
		'#EXTINF:2.000000,',
		'seg_001.ts?s=a',
		'#EXTINF:6.000000,',
		'seg_002.ts?s=a',
		'#EXT-X-ENDLIST'
	].join('\n');
	const base = 'https://x/media/1/240p/index.m3u8?s=a';
	it('finds the segment holding a position, resolved against the playlist', () => {
		expect(segmentAt(playlist, base, 0)).toBe('https://x/media/1/240p/seg_000.ts?s=a');
		expect(segmentAt(playlist, base, 3.9)).toBe('https://x/media/1/240p/seg_001.ts?s=a');
		expect(segmentAt(playlist, base, 4)).toBe('https://x/media/1/240p/seg_002.ts?s=a');
		expect(segmentAt(playlist, base, 99)).toBe('https://x/media/1/240p/seg_002.ts?s=a');
		expect(segmentAt('#EXTM3U\n', base, 0)).toBeNull();
	});
});
