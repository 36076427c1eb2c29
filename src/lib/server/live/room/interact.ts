// Everyone's room events: chat, Q&A, poll answers, check-in answers, raise hand.
import { answerCheckin } from './checkins.ts';
import { sendChat } from './chat.ts';
import { rooms } from '../../../api/socket-rooms.ts';
import { onRoomEvent, type LiveSocket } from './context.ts';
import { RoomError } from './errors.ts';
import { listHands, setHand } from './moderation.ts';
import { answerPoll } from './polls.ts';
import { askQuestion, upvote } from './questions.ts';
import { CHAT_LIMIT, CHAT_WINDOW_MS, type RoomState } from './state.ts';
import * as v from './validate.ts';

export function registerInteraction(state: RoomState, socket: LiveSocket): void {
	const deps = state.deps;
	const io = deps.io;

	onRoomEvent(
		deps,
		socket,
		'live:chat:send',
		{ when: 'chat' },
		async ({ p, sessionId, member, user }) => {
			const body = v.chatBody(p.body);
			// Lecturers are not rate-limited (they moderate, and may post notices quickly).
			if (member.role !== 'lecturer' && !state.chatLimit.take(`${sessionId}:${user.id}`)) {
				throw new RoomError('chat_rate', { count: CHAT_LIMIT, seconds: CHAT_WINDOW_MS / 1000 });
			}
			const message = await sendChat(
				state.sql(),
				sessionId,
				user,
				body,
				member.role === 'lecturer'
			);
			state.broadcastChat(sessionId, message);
			return { message };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:question:ask',
		{ when: 'chat' },
		async ({ p, sessionId, user }) => {
			const body = v.questionBody(p.body);
			if (!state.questionLimit.take(`${sessionId}:${user.id}`)) {
				throw new RoomError('chat_rate', { count: CHAT_LIMIT, seconds: CHAT_WINDOW_MS / 1000 });
			}
			const question = await askQuestion(state.sql(), sessionId, user, body);
			io.to(rooms.live(sessionId)).emit('live:question', question);
			return { question };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:question:upvote',
		{ when: 'chat' },
		async ({ p, sessionId, user }) => {
			const questionId = v.id(p.questionId);
			const votes = await upvote(state.sql(), sessionId, questionId, user.id);
			state.voted(sessionId, questionId);
			return { questionId, votes };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:poll:answer',
		{ when: 'live' },
		async ({ p, sessionId, user }) => {
			const pollId = v.id(p.pollId);
			const option = await answerPoll(state.sql(), sessionId, pollId, user.id, p.option);
			state.pollAnswered(sessionId, pollId);
			return { pollId, option };
		}
	);

	onRoomEvent(
		deps,
		socket,
		'live:checkin:answer',
		{ when: 'live' },
		async ({ p, sessionId, user }) => {
			const checkinId = v.id(p.checkinId);
			await answerCheckin(state.sql(), sessionId, checkinId, user.id);
			state.checkedIn(sessionId, checkinId);
			return { checkinId };
		}
	);

	onRoomEvent(deps, socket, 'live:hand', { when: 'live' }, async ({ p, sessionId, user }) => {
		const raised = v.bool(p.raised);
		const changed = await setHand(state.sql(), sessionId, user.id, raised);
		if (changed) {
			io.to(rooms.liveLecturers(sessionId)).emit('live:hands', {
				sessionId,
				hands: await listHands(state.sql(), sessionId)
			});
			io.to(rooms.user(user.id)).emit('live:self', { sessionId, handRaised: raised });
		}
		return { raised };
	});
}
