import { describe, expect, it } from 'vitest';
import { ffmpegArgs, planLadder } from './ladder.ts';
import { judge } from './probe.ts';
import { parseRange } from './serve.ts';

describe('planLadder', () => {
	it('gives 240p, 360p and 720p only up to the source height', () => {
		expect(planLadder(1080).map((r) => r.name)).toEqual(['240p', '360p', '720p']);
		expect(planLadder(720).map((r) => r.name)).toEqual(['240p', '360p', '720p']);
		expect(planLadder(480).map((r) => r.name)).toEqual(['240p', '360p']);
		expect(planLadder(360).map((r) => r.name)).toEqual(['240p', '360p']);
		expect(planLadder(300).map((r) => r.name)).toEqual(['240p']);
	});
	it('has a 240p rung for a 400 kbps link: under 300 kbps with its audio, at H.264 level 2.1', () => {
		const [low] = planLadder(720);
		expect(low).toMatchObject({ name: '240p', height: 240, level: '2.1', codecs: 'avc1.4d4015' });
		// maxrate is 1.2× the target; TS overhead comes on top (the real transcode test measures it).
		expect(low.videoKbps * 1.2 + low.audioKbps).toBeLessThan(250);
	});
	it('gives a small source one rendition at its own (even) height', () => {
		expect(planLadder(181)).toMatchObject([{ name: '180p', height: 180, codecs: 'avc1.4d401e' }]);
	});
	it('cuts three 2 s segments, then 6 s ones, on forced keyframes; audio-only in 6 s', () => {
		const args = ffmpegArgs('/in', '/out', planLadder(720), true);
		const text = args.join(' ');
		expect(text).toContain(
			'-force_key_frames expr:if(lt(n_forced,3),gte(t,n_forced*2),gte(t,(n_forced-2)*6))'
		);
		expect(text.match(/-hls_init_time 2 -hls_time 6/g)).toHaveLength(3);
		expect(text.match(/-hls_time 6/g)).toHaveLength(4);
		expect(text).toContain('/out/audio/index.m3u8');
		expect(text).toContain('/out/240p/index.m3u8');
		expect(ffmpegArgs('/in', '/out', planLadder(720), false).join(' ')).not.toContain('audio');
	});
});

describe('judge (ffprobe JSON)', () => {
	const video = { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720 };
	const audio = { codec_type: 'audio', codec_name: 'aac' };
	it('accepts a video with a duration up to 4 h', () => {
		expect(
			judge({
				streams: [video, audio],
				format: { duration: '14400', format_name: 'mov,mp4,m4a,3gp,3g2,mj2' }
			})
		).toEqual({
			ok: true,
			info: { duration: 14400, width: 1280, height: 720, hasAudio: true, videoCodec: 'h264' }
		});
	});
	it('refuses audio with cover art, still images, no duration, more than 4 h', () => {
		const cover = { ...video, codec_name: 'mjpeg', disposition: { attached_pic: 1 } };
		expect(judge({ streams: [audio, cover], format: { duration: '60' } })).toMatchObject({
			ok: false,
			reason: 'no_video'
		});
		expect(
			judge({ streams: [video], format: { duration: '0.04', format_name: 'png_pipe' } })
		).toMatchObject({ reason: 'no_video' });
		expect(judge({ streams: [video], format: {} })).toMatchObject({ reason: 'no_duration' });
		expect(judge({ streams: [video], format: { duration: '14400.5' } })).toMatchObject({
			reason: 'too_long'
		});
	});
	it('swaps width and height of a video stored rotated', () => {
		const r = judge({
			streams: [{ ...video, side_data_list: [{ rotation: -90 }] }],
			format: { duration: '5' }
		});
		expect(r).toMatchObject({ ok: true, info: { width: 720, height: 1280 } });
	});
});

describe('parseRange', () => {
	it('parses single ranges and flags unsatisfiable ones', () => {
		expect(parseRange('bytes=0-99', 1000)).toEqual([0, 99]);
		expect(parseRange('bytes=900-', 1000)).toEqual([900, 999]);
		expect(parseRange('bytes=-100', 1000)).toEqual([900, 999]);
		expect(parseRange('bytes=990-5000', 1000)).toEqual([990, 999]);
		expect(parseRange('bytes=1000-', 1000)).toBe('invalid');
		expect(parseRange('bytes=5-2', 1000)).toBe('invalid');
		expect(parseRange('bytes=-0', 1000)).toBe('invalid');
	});
	it('ignores what it does not serve (the whole file then)', () => {
		expect(parseRange(null, 1000)).toBeNull();
		expect(parseRange('bytes=0-1,5-9', 1000)).toBeNull();
		expect(parseRange('items=0-1', 1000)).toBeNull();
		expect(parseRange('bytes=x-y', 1000)).toBeNull();
	});
});
