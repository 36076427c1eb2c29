import { describe, expect, it } from 'vitest';
import {
	inputArgs,
	MAX_CHUNK_BYTES,
	parseChunk,
	parseStart,
	sendsH264,
	TokenBucket
} from './flood.ts';
import { hlsArgs } from './hls-writer.ts';
import { findPublishName, rtmpPorts } from './rtmp.ts';

describe('chunk and start payloads', () => {
	it('accepts a numbered binary chunk and refuses the rest', () => {
		expect(parseChunk({ seq: 3, data: Buffer.from('abc') })).toMatchObject({ seq: 3 });
		expect(parseChunk({ seq: -1, data: Buffer.from('a') })).toBe('malformed');
		expect(parseChunk({ seq: 1.5, data: Buffer.from('a') })).toBe('malformed');
		expect(parseChunk({ seq: 1, data: 'text' })).toBe('malformed');
		expect(parseChunk({ seq: 1, data: Buffer.alloc(0) })).toBe('malformed');
		expect(parseChunk(null)).toBe('malformed');
		expect(parseChunk({ seq: 1, data: Buffer.alloc(MAX_CHUNK_BYTES + 1) })).toBe('too_large');
	});
	it('accepts a WebM start with a sane stream id only', () => {
		expect(
			parseStart({ sessionId: 1, mimeType: 'video/webm;codecs=vp8,opus', streamId: 'abcdefgh' })
		).not.toBeNull();
		expect(
			parseStart({ sessionId: 1, mimeType: 'video/mp4', streamId: 'abcdefgh' })
		).not.toBeNull();
		expect(
			parseStart({ sessionId: 1, mimeType: 'video/x-matroska', streamId: 'abcdefgh' })
		).toBeNull();
		expect(parseStart({ sessionId: 1, mimeType: 'video/webm', streamId: '../x' })).toBeNull();
		expect(parseStart({ sessionId: 0, mimeType: 'video/webm', streamId: 'abcdefgh' })).toBeNull();
	});
	it('copies H.264 and transcodes VP8/VP9', () => {
		expect(sendsH264('video/webm;codecs=h264,opus')).toBe(true);
		expect(sendsH264('video/webm;codecs=avc1.42E01E,opus')).toBe(true);
		expect(sendsH264('video/webm;codecs=vp8,opus')).toBe(false);
		expect(sendsH264('video/webm')).toBe(false);
		expect(sendsH264('video/mp4')).toBe(true);
		expect(sendsH264('video/mp4;codecs=hvc1')).toBe(false);
		expect(inputArgs('video/mp4;codecs=avc1')).toEqual(['-f', 'mp4', '-i', 'pipe:0']);
		expect(inputArgs('video/webm;codecs=vp8')).toEqual(['-f', 'matroska', '-i', 'pipe:0']);
		expect(hlsArgs('/d', { copyVideo: true })).toContain('copy');
		const t = hlsArgs('/d', { copyVideo: false });
		expect(t).toContain('libx264');
		expect(t[t.indexOf('-hls_time') + 1]).toBe('2');
		expect(t[t.indexOf('-hls_flags') + 1]).toContain('append_list');
		expect(t[t.indexOf('-hls_flags') + 1]).toContain('omit_endlist');
	});
});

describe('flood limit', () => {
	it('allows a burst, then the refill rate', () => {
		const b = new TokenBucket(5, 2, 0);
		expect([1, 2, 3, 4, 5, 6].map(() => b.take(0))).toEqual([true, true, true, true, true, false]);
		expect(b.take(400)).toBe(false);
		expect(b.take(500)).toBe(true);
	});
});

describe('RTMP publish sniffing', () => {
	const publish = (name: string) => {
		const n = Buffer.from(name);
		const len = Buffer.alloc(2);
		len.writeUInt16BE(n.length);
		return Buffer.concat([
			Buffer.from('\x02\x00\x07publish', 'latin1'),
			Buffer.from([0, 0x40, 0x14, 0, 0, 0, 0, 0, 0]),
			Buffer.from([0x05, 0x02]),
			len,
			n,
			Buffer.from('\x02\x00\x04live', 'latin1')
		]);
	};
	it('finds the stream name, waits for a cut one, flags a malformed one', () => {
		const msg = Buffer.concat([
			Buffer.alloc(3073, 1),
			Buffer.from('connect…'),
			publish('secret-key')
		]);
		expect(findPublishName(msg)).toBe('secret-key');
		expect(findPublishName(msg.subarray(0, msg.length - 12))).toBeNull();
		expect(findPublishName(Buffer.from('no command here'))).toBeNull();
		const bad = Buffer.from(publish('k'));
		bad[10] = 0x01; // not a number marker
		expect(findPublishName(bad)).toBe('');
	});
	it('reads the port range', () => {
		expect(rtmpPorts('1935-1937')).toEqual([1935, 1936, 1937]);
		expect(rtmpPorts('off')).toEqual([]);
		expect(() => rtmpPorts('a-b')).toThrow();
	});
});
