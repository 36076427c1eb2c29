import { describe, expect, it } from 'vitest';
import { signalFrom, SIGNAL_LOST_MS } from '../../api/live-signal.ts';
import { LiveError } from './errors.ts';
import { checkReplayChoice } from './replay-choice.ts';

const code = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return e instanceof LiveError ? e.code : 'other';
	}
	return 'ok';
};

describe('checkReplayChoice', () => {
	it('publish and everyone apply to a new course only; unknown targets are refused', () => {
		expect(
			checkReplayChoice({ target: 'new', publish: 'on', everyone: 'on' }, { courseId: null })
		).toEqual({ target: 'new', publish: true, everyone: true });
		expect(checkReplayChoice({ target: 'new' }, { courseId: null })).toEqual({
			target: 'new',
			publish: false,
			everyone: false
		});
		expect(
			checkReplayChoice({ target: 'course', publish: 'on', everyone: 'on' }, { courseId: 3 })
		).toEqual({ target: 'course', publish: false, everyone: false });
		expect(code(() => checkReplayChoice({ target: 'course' }, { courseId: null }))).toBe(
			'replay_no_course'
		);
		for (const target of [undefined, '', 'all', ['new']])
			expect(code(() => checkReplayChoice({ target }, { courseId: 1 }))).toBe('replay_invalid');
	});
});

describe('signalFrom', () => {
	it('is on air only with media younger than SIGNAL_LOST_MS', () => {
		expect(signalFrom(1, null, null).onAir).toBe(false);
		expect(signalFrom(1, 'rtmp', SIGNAL_LOST_MS - 1)).toEqual({
			sessionId: 1,
			onAir: true,
			source: 'rtmp'
		});
		expect(signalFrom(1, 'browser', SIGNAL_LOST_MS).onAir).toBe(false);
	});
});
