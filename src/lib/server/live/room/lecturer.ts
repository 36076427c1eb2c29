// Lecturer-only room events: moderation, Q&A answered, polls, check-ins, lowering hands.
import { activeCheckin, checkinAnswered, openCheckin } from './checkins.ts';
import { deleteChat } from './chat.ts';
import { rooms } from '../../../api/socket-rooms.ts';
import { onRoomEvent, type LiveSocket } from './context.ts';
import { listHands, listMutes, setHand, setMuted } from './moderation.ts';
import { closePoll, openPoll } from './polls.ts';
import { markAnswered } from './questions.ts';
import type { RoomState } from './state.ts';
import * as v from './validate.ts';

export function registerLecturer(state: RoomState, socket: LiveSocket): void {
	const deps = state.deps;
	const io = deps.io;
	const lecturer = { lecturer: true } as const;

	onRoomEvent(
		deps,
		socket,
		'live:chat:delete',
		{ ...lecturer, when: 'any' },
		async ({ p, sessionId, user }) => {
			const messageId = v.id(p.messageId);
			await deleteChat(state.sql(), sessionId, messageId, user.id);
			io.to(rooms.live(sessionId)).emit('live:chat:deleted', { sessionId, id: messageId });
			return { messageId };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:mute',
		{ ...lecturer, when: 'any' },
		async ({ p, sessionId, user }) => {
			const userId = v.id(p.userId);
			const muted = v.bool(p.muted);
			await setMuted(state.sql(), sessionId, userId, muted, user.id);
			io.to(rooms.liveLecturers(sessionId)).emit('live:mutes', {
				sessionId,
				mutes: await listMutes(state.sql(), sessionId)
			});
			io.to(rooms.user(userId)).emit('live:self', { sessionId, muted });
			return { userId, muted };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:question:answered',
		{ ...lecturer, when: 'any' },
		async ({ p, sessionId }) => {
			const questionId = v.id(p.questionId);
			await markAnswered(state.sql(), sessionId, questionId);
			io.to(rooms.live(sessionId)).emit('live:question:answered', { sessionId, id: questionId });
			return { questionId };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:poll:open',
		{ ...lecturer, when: 'live' },
		async ({ p, sessionId, user }) => {
			const { question, options } = v.poll(p);
			const poll = await openPoll(state.sql(), sessionId, user.id, question, options);
			io.to(rooms.live(sessionId)).emit('live:poll', poll);
			return { poll };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:poll:close',
		{ ...lecturer, when: 'any' },
		async ({ p, sessionId }) => {
			const poll = await closePoll(state.sql(), sessionId, v.id(p.pollId));
			io.to(rooms.live(sessionId)).emit('live:poll', poll);
			return { poll };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:checkin:open',
		{ ...lecturer, when: 'live' },
		async ({ p, sessionId, user }) => {
			const seconds = v.checkinSeconds(p.seconds);
			const checkin = await openCheckin(state.sql(), sessionId, user.id, seconds);
			const { answered: _a, ...forViewers } = checkin;
			io.to(rooms.live(sessionId)).emit('live:checkin', forViewers);
			// Tell the room when it closes (clients count down on their own too).
			state.later(seconds * 1000 + 250, async () => {
				const still = await activeCheckin(state.sql(), sessionId);
				if (still?.id === checkin.id) return;
				const answered = await checkinAnswered(state.sql(), checkin.id);
				io.to(rooms.live(sessionId)).emit('live:checkin:closed', {
					sessionId,
					id: checkin.id,
					answered
				});
			});
			return { checkin };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:hand:lower',
		{ ...lecturer, when: 'any' },
		async ({ p, sessionId }) => {
			const userId = v.id(p.userId);
			await setHand(state.sql(), sessionId, userId, false);
			io.to(rooms.liveLecturers(sessionId)).emit('live:hands', {
				sessionId,
				hands: await listHands(state.sql(), sessionId)
			});
			io.to(rooms.user(userId)).emit('live:self', { sessionId, handRaised: false });
			return { userId };
		}
	);
}
