// Polls: the lecturer opens one at a time (2–6 options), each person answers
// once (final), the lecturer closes. Counts always come from the rows.
import type { Db } from '../../db/index.ts';
import { RoomError } from './errors.ts';
import type { Poll } from '../../../api/live-room.ts';
import { pollOption } from './validate.ts';

export async function openPoll(
	sql: Db,
	sessionId: number,
	by: number,
	question: string,
	options: string[]
): Promise<Poll> {
	try {
		const [row] = await sql`
			insert into live_polls (session_id, question, options, opened_by)
			values (${sessionId}, ${question}, ${options}::text[], ${by}) returning id`;
		return {
			id: row.id,
			sessionId,
			question,
			options,
			counts: options.map(() => 0),
			total: 0,
			closed: false
		};
	} catch (e) {
		// live_polls_one_open: one open poll per session
		if ((e as { code?: string }).code === '23505') throw new RoomError('poll_open_exists');
		throw e;
	}
}

export async function answerPoll(
	sql: Db,
	sessionId: number,
	pollId: number,
	userId: number,
	option: unknown
): Promise<number> {
	const [poll] =
		await sql`select options, closed_at from live_polls where id = ${pollId} and session_id = ${sessionId}`;
	if (!poll) throw new RoomError('not_found');
	if (poll.closed_at) throw new RoomError('poll_closed');
	const chosen = pollOption(option, (poll.options as string[]).length);
	const [row] = await sql`
		insert into live_poll_answers (poll_id, user_id, option)
		select id, ${userId}, ${chosen} from live_polls where id = ${pollId} and closed_at is null
		on conflict do nothing returning poll_id`;
	if (!row) {
		const [again] = await sql`select closed_at from live_polls where id = ${pollId}`;
		throw new RoomError(again?.closed_at ? 'poll_closed' : 'already_answered');
	}
	return chosen;
}

export async function closePoll(sql: Db, sessionId: number, pollId: number): Promise<Poll> {
	const [row] = await sql`
		update live_polls set closed_at = now()
		where id = ${pollId} and session_id = ${sessionId} and closed_at is null returning id`;
	if (!row) {
		const [exists] =
			await sql`select 1 from live_polls where id = ${pollId} and session_id = ${sessionId}`;
		throw new RoomError(exists ? 'poll_closed' : 'not_found');
	}
	const [poll] = await listPolls(sql, sessionId, [pollId]);
	return poll;
}

/** Polls of the session (or just `ids`) with their counts. */
export async function listPolls(sql: Db, sessionId: number, ids?: number[]): Promise<Poll[]> {
	const rows = await sql`
		select id, question, options, closed_at from live_polls
		where session_id = ${sessionId} ${ids ? sql`and id = any(${ids}::bigint[])` : sql``}
		order by id`;
	if (!rows.length) return [];
	const counts = await sql`
		select poll_id, option, count(*)::int as n from live_poll_answers
		where poll_id = any(${rows.map((r) => r.id)}::bigint[])
		group by poll_id, option`;
	return rows.map((r) => {
		const c = (r.options as string[]).map(() => 0);
		for (const x of counts) if (x.poll_id === r.id) c[x.option] = x.n;
		return {
			id: r.id,
			sessionId,
			question: r.question,
			options: r.options,
			counts: c,
			total: c.reduce((a, b) => a + b, 0),
			closed: r.closed_at !== null
		};
	});
}
