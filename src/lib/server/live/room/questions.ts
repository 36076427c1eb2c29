// Q&A: learners ask, anyone upvotes once, the lecturer marks answered.
import type { Db } from '../../db/index.ts';
import { RoomError } from './errors.ts';
import type { Question } from '../../../api/live-room.ts';

export const HISTORY_QUESTIONS = 200;

export async function askQuestion(
	sql: Db,
	sessionId: number,
	user: { id: number; name: string },
	body: string
): Promise<Question> {
	const [row] = await sql`
		insert into live_questions (session_id, user_id, body) values (${sessionId}, ${user.id}, ${body})
		returning id, created_at`;
	return {
		id: row.id,
		sessionId,
		userId: user.id,
		name: user.name,
		body,
		votes: 0,
		answered: false,
		at: row.created_at.toISOString()
	};
}

/** One upvote per person; returns the new count. */
export async function upvote(
	sql: Db,
	sessionId: number,
	questionId: number,
	userId: number
): Promise<number> {
	return await (sql as import('postgres').Sql).begin(async (tx) => {
		const [q] =
			await tx`select id from live_questions where id = ${questionId} and session_id = ${sessionId} for update`;
		if (!q) throw new RoomError('not_found');
		const inserted = await tx`
			insert into live_question_votes (question_id, user_id) values (${questionId}, ${userId})
			on conflict do nothing returning question_id`;
		if (!inserted.length) throw new RoomError('already_voted');
		const [row] =
			await tx`update live_questions set votes = votes + 1 where id = ${questionId} returning votes`;
		return row.votes as number;
	});
}

export async function markAnswered(sql: Db, sessionId: number, questionId: number): Promise<void> {
	const [row] = await sql`
		update live_questions set answered_at = coalesce(answered_at, now())
		where id = ${questionId} and session_id = ${sessionId} returning id`;
	if (!row) throw new RoomError('not_found');
}

export async function listQuestions(sql: Db, sessionId: number): Promise<Question[]> {
	const rows = await sql`
		select q.id, q.user_id, u.name, q.body, q.votes, q.answered_at, q.created_at
		from live_questions q join users u on u.id = q.user_id
		where q.session_id = ${sessionId}
		order by q.id desc limit ${HISTORY_QUESTIONS}`;
	return rows.reverse().map((r) => ({
		id: r.id,
		sessionId,
		userId: r.user_id,
		name: r.name,
		body: r.body,
		votes: r.votes,
		answered: r.answered_at !== null,
		at: r.created_at.toISOString()
	}));
}

/** Current vote counts of some questions (for the throttled broadcast). */
export async function voteCounts(sql: Db, ids: number[]): Promise<[number, number][]> {
	if (!ids.length) return [];
	const rows = await sql`select id, votes from live_questions where id = any(${ids}::bigint[])`;
	return rows.map((r) => [r.id, r.votes]);
}
