// How a live room's lists take in what arrives: by server id, so nothing
// shows twice (a late join, a recovered connection's replayed packets and a
// re-join after a server restart all overlap), and counts never go backwards
// (updates may arrive out of order across instances). Pure: each returns the
// new list.
import type { ChatMessage, Poll, Question } from '$lib/api/live-room';

export const KEEP_CHAT = 300;

/** The chat with the new messages, in id order, the last KEEP_CHAT; null when nothing was new. */
export function mergeChat(chat: ChatMessage[], list: ChatMessage[]): ChatMessage[] | null {
	const seen = new Set(chat.map((c) => c.id));
	const fresh = list.filter((c) => !seen.has(c.id));
	if (!fresh.length) return null;
	return [...chat, ...fresh].sort((a, b) => a.id - b.id).slice(-KEEP_CHAT);
}

export function mergeQuestions(questions: Question[], list: Question[]): Question[] {
	const map = new Map(questions.map((q) => [q.id, q]));
	for (const q of list)
		map.set(q.id, { ...q, votes: Math.max(q.votes, map.get(q.id)?.votes ?? 0) });
	return [...map.values()].sort((a, b) => a.id - b.id);
}

/** Vote counts [question id, votes] taken in; a count never goes down. */
export function mergeVotes(questions: Question[], votes: [number, number][]): Question[] {
	const map = new Map(votes);
	return questions.map((q) =>
		map.has(q.id) ? { ...q, votes: Math.max(q.votes, map.get(q.id)!) } : q
	);
}

export function mergePolls(polls: Poll[], list: Poll[]): Poll[] {
	const map = new Map(polls.map((p) => [p.id, p]));
	for (const p of list) {
		const old = map.get(p.id);
		// a closed poll stays closed; results never go backwards
		map.set(
			p.id,
			old && old.total > p.total && !p.closed
				? { ...old, closed: old.closed || p.closed }
				: { ...p, closed: p.closed || !!old?.closed }
		);
	}
	return [...map.values()].sort((a, b) => a.id - b.id);
}
