// What a joining socket receives: the room's recent state (shared by
// everyone, read once for a whole wave of joiners) plus the person's own part.
import type { Db } from '../../db/index.ts';
import { activeCheckin } from './checkins.ts';
import { recentChat } from './chat.ts';
import { listHands, listMutes } from './moderation.ts';
import { listPolls } from './polls.ts';
import { listQuestions } from './questions.ts';
import type { Checkin, ChatMessage, Mine, Poll, Question } from '../../../api/live-room.ts';

export interface RoomSnapshot {
	chat: ChatMessage[];
	questions: Question[];
	polls: Poll[];
	checkin: Checkin | null;
}

export async function roomSnapshot(sql: Db, sessionId: number): Promise<RoomSnapshot> {
	const [chat, questions, polls, checkin] = await Promise.all([
		recentChat(sql, sessionId),
		listQuestions(sql, sessionId),
		listPolls(sql, sessionId),
		activeCheckin(sql, sessionId)
	]);
	return { chat, questions, polls, checkin };
}

/**
 * Joins that arrive while a snapshot read is running wait for the next read,
 * which starts after they joined the socket room: anything broadcast before
 * their join is then in the snapshot, anything after reaches them live (the
 * client dedupes the overlap by id). 10,000 joins cost a handful of reads.
 */
export class SnapshotReader {
	private running?: Promise<RoomSnapshot>;
	private next?: Promise<RoomSnapshot>;

	constructor(private load: () => Promise<RoomSnapshot>) {}

	read(): Promise<RoomSnapshot> {
		if (!this.running) {
			this.running = this.load().finally(() => (this.running = undefined));
			return this.running;
		}
		this.next ??= this.running
			.catch(() => undefined)
			.then(() => {
				this.next = undefined;
				return this.read();
			});
		return this.next;
	}
}

export async function mine(sql: Db, sessionId: number, userId: number): Promise<Mine> {
	const [row] = await sql`
		select
			coalesce((select json_object_agg(a.poll_id, a.option) from live_poll_answers a
				join live_polls p on p.id = a.poll_id where p.session_id = ${sessionId} and a.user_id = ${userId}), '{}') as polls,
			coalesce((select array_agg(a.checkin_id) from live_checkin_answers a
				join live_checkins c on c.id = a.checkin_id where c.session_id = ${sessionId} and a.user_id = ${userId}), '{}') as checkins,
			coalesce((select array_agg(v.question_id) from live_question_votes v
				join live_questions q on q.id = v.question_id where q.session_id = ${sessionId} and v.user_id = ${userId}), '{}') as votes,
			exists (select 1 from live_hands where session_id = ${sessionId} and user_id = ${userId}) as hand,
			exists (select 1 from live_mutes where session_id = ${sessionId} and user_id = ${userId}) as muted`;
	const polls = typeof row.polls === 'string' ? JSON.parse(row.polls) : row.polls;
	return {
		pollAnswers: Object.fromEntries(
			Object.entries(polls as Record<string, number>).map(([k, v]) => [Number(k), Number(v)])
		),
		checkins: (row.checkins as (number | string)[]).map(Number),
		votes: (row.votes as (number | string)[]).map(Number),
		handRaised: row.hand,
		muted: row.muted
	};
}

export async function lecturerExtras(sql: Db, sessionId: number) {
	const [hands, mutes] = await Promise.all([listHands(sql, sessionId), listMutes(sql, sessionId)]);
	return { hands, mutes };
}
