import { describe, expect, it } from 'vitest';
import type { Variant } from './hls-loader';
import {
	deviceHints,
	QUALITY_KEY,
	readPref,
	startChoice,
	variantFor,
	writePref
} from './quality-choice';

const v = (height: number | null, bandwidth: number): Variant => ({
	uri: `https://x/${height ?? 'audio'}/index.m3u8`,
	bandwidth,
	height,
	audioOnly: height === null
});
const ladder = [v(720, 2_900_000), v(360, 1_000_000), v(240, 290_000), v(null, 70_000)];
const desktopUa = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36';
const androidUa =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/156.0 Mobile Safari/537.36';
const iphoneUa =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1';
const none = { phone: false, saveData: false, slow: false, downlinkBps: null };

describe('deviceHints', () => {
	it('sees a phone by userAgentData, by user agent or by a narrow coarse screen', () => {
		expect(deviceHints({ userAgent: desktopUa }).phone).toBe(false);
		expect(deviceHints({ userAgent: androidUa }).phone).toBe(true);
		expect(deviceHints({ userAgent: iphoneUa }).phone).toBe(true);
		expect(deviceHints({ userAgent: desktopUa, userAgentData: { mobile: false } }).phone).toBe(
			false
		);
		expect(deviceHints({ userAgent: desktopUa, userAgentData: { mobile: true } }).phone).toBe(true);
		expect(deviceHints({ userAgent: desktopUa }, false, true).phone).toBe(true);
	});
	it('takes Save-Data from the connection or the request header', () => {
		expect(deviceHints({ userAgent: desktopUa, connection: { saveData: true } }).saveData).toBe(
			true
		);
		expect(deviceHints({ userAgent: desktopUa }, true).saveData).toBe(true);
		expect(deviceHints({ userAgent: desktopUa, connection: { saveData: false } }).saveData).toBe(
			false
		);
	});
	it('calls a link slow by its effective type or a downlink under 1.5 Mbps', () => {
		const slow = (connection: object) => deviceHints({ userAgent: desktopUa, connection }).slow;
		expect(slow({ effectiveType: '3g', downlink: 10 })).toBe(true);
		expect(slow({ effectiveType: '2g' })).toBe(true);
		expect(slow({ effectiveType: 'slow-2g' })).toBe(true);
		expect(slow({ effectiveType: '4g', downlink: 0.4 })).toBe(true);
		expect(slow({ effectiveType: '4g', downlink: 10 })).toBe(false);
		expect(slow({ effectiveType: '4g', downlink: 0 })).toBe(false); // unknown, not slow
		expect(deviceHints({ userAgent: desktopUa }).slow).toBe(false); // no API (Safari, Firefox)
		expect(
			deviceHints({ userAgent: desktopUa, connection: { effectiveType: '3g', downlink: 0.4 } })
				.downlinkBps
		).toBe(400_000);
		expect(deviceHints({ userAgent: desktopUa }).downlinkBps).toBeNull();
	});
});

describe('startChoice', () => {
	it('is automatic from the top on a fast desktop with no remembered choice', () => {
		expect(startChoice('auto', none, ladder)).toEqual({
			variant: null,
			startLowest: false,
			capLowest: false,
			pref: 'auto'
		});
	});
	it('starts at the lowest video rendition on a phone, on Save-Data or on a slow link', () => {
		for (const hint of ['phone', 'saveData', 'slow'] as const)
			expect(startChoice('auto', { ...none, [hint]: true }, ladder)).toMatchObject({
				variant: null,
				startLowest: true
			});
	});
	it('stays at the lowest only on Save-Data', () => {
		expect(startChoice('auto', { ...none, saveData: true }, ladder).capLowest).toBe(true);
		expect(startChoice('auto', { ...none, phone: true, slow: true }, ladder).capLowest).toBe(false);
	});
	it('applies the remembered choice over every hint, audio-only included', () => {
		const all = { phone: true, saveData: true, slow: true, downlinkBps: 400_000 };
		expect(startChoice('audio', all, ladder)).toMatchObject({ variant: ladder[3], pref: 'audio' });
		expect(startChoice('720', all, ladder)).toMatchObject({
			variant: ladder[0],
			startLowest: false,
			capLowest: false,
			pref: '720'
		});
	});
	it('falls back when the lesson lacks the remembered rendition', () => {
		// A 480p choice on this ladder: the highest below it.
		expect(variantFor('480', ladder)).toBe(ladder[1]);
		// Audio-only remembered, a lesson without sound: automatic with the device's hints.
		expect(startChoice('audio', { ...none, phone: true }, ladder.slice(0, 3))).toMatchObject({
			variant: null,
			startLowest: true,
			pref: 'auto'
		});
		// Below every rung: automatic.
		expect(startChoice('144', none, ladder)).toMatchObject({ variant: null, pref: 'auto' });
	});
});

describe('remembered per device', () => {
	const memory = () => {
		const m = new Map<string, string>();
		return {
			getItem: (k: string) => m.get(k) ?? null,
			setItem: (k: string, val: string) => void m.set(k, val),
			m
		};
	};
	it('round-trips through storage and ignores junk', () => {
		const s = memory();
		expect(readPref(s)).toBe('auto');
		writePref(s, 'audio');
		expect(s.m.get(QUALITY_KEY)).toBe('audio');
		expect(readPref(s)).toBe('audio');
		writePref(s, '240');
		expect(readPref(s)).toBe('240');
		s.m.set(QUALITY_KEY, '<script>');
		expect(readPref(s)).toBe('auto');
	});
	it('survives storage that throws or is absent', () => {
		const refusing = {
			getItem: () => {
				throw new Error('SecurityError');
			},
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		};
		expect(readPref(refusing)).toBe('auto');
		expect(() => writePref(refusing, 'audio')).not.toThrow();
		expect(readPref(null)).toBe('auto');
	});
});
