import { describe, expect, it } from 'vitest';
import { rooms } from './socket-rooms';

describe('socket room names', () => {
	// Instances of two releases share rooms through Redis during a rolling deploy: a renamed room silently drops events.
	it('keep the names already on the wire', () => {
		expect(rooms.user(7)).toBe('user:7');
		expect(rooms.live(7)).toBe('live:7');
		expect(rooms.liveLecturers(7)).toBe('live:7:lecturers');
	});

	it('never collide across kinds or ids', () => {
		const names = [1, 2, 12].flatMap((id) => [
			rooms.user(id),
			rooms.live(id),
			rooms.liveLecturers(id)
		]);
		expect(new Set(names).size).toBe(names.length);
	});
});
