// Heartbeat load for the cluster tests and bench:cluster: learners playing one
// lesson, each heartbeat re-sent until acknowledged (as the player does), in
// order, through nginx: over the learner's socket while it is connected, else
// POSTed (the player's outbox, src/lib/client/socket.ts heartbeatSocket).
// Every acknowledgement is timed, so a failover can be measured: how long
// after a kill each learner got its next ack.
import type postgres from 'postgres';
import type { Socket } from 'socket.io-client';
import { request } from './clients';

export const LESSON_SECONDS = 3600;

export class HeartbeatClient {
	seq = 0;
	pos = 0;
	last = Date.now();
	queue: { seq: number; intervals: [number, number][]; position: number }[] = [];
	acked: number[] = [];
	ackTimes: number[] = [];
	/** per acknowledgement: the playback's creditedSeconds it reported */
	ackCredits: number[] = [];
	/** per acknowledgement: which transport carried it */
	ackVia: ('socket' | 'http')[] = [];
	/** attempts that got no answer at all (the heartbeat may have been stored: resent as is) */
	unanswered = 0;
	/** the learner's socket (through nginx), if it has one */
	socket?: Socket;
	/** per acknowledgement: ms from the heartbeat's first attempt to its ack (retries included) */
	waits: number[] = [];
	private headSince = 0;
	refused: string[] = [];
	sending = false;
	constructor(
		readonly port: number,
		readonly cookie: string,
		readonly playbackId: string,
		readonly origin: string
	) {}

	/** The video keeps playing (from its buffer) whether or not a server answers. */
	tick() {
		const now = Date.now();
		const iv: [number, number] = [
			this.pos,
			Math.min(LESSON_SECONDS, this.pos + (now - this.last) / 1000)
		];
		this.pos = iv[1];
		this.last = now;
		this.queue.push({ seq: ++this.seq, intervals: [iv], position: this.pos });
	}

	/** Sends the queue in order; stops at the first failure (retried next time). */
	async flush() {
		if (this.sending) return;
		this.sending = true;
		try {
			while (this.queue.length) {
				const hb = this.queue[0];
				if (!this.headSince) this.headSince = Date.now();
				const body = JSON.stringify({ ...hb, rate: 1, event: 'tick', sentAt: Date.now() });
				const via = this.socket?.connected ? 'socket' : 'http';
				let status = 0;
				let text = '';
				try {
					({ status, text } = await this.send(via, body));
				} catch {
					this.unanswered++;
					return; // no answer: keep the queue
				}
				if (status === 200) {
					this.acked.push(hb.seq);
					this.ackCredits.push(JSON.parse(text).creditedSeconds);
					this.ackVia.push(via);
					this.ackTimes.push(Date.now());
					this.waits.push(Date.now() - this.headSince);
					this.headSince = 0;
					this.queue.shift();
				} else if (status >= 500 || status === 429 || status === 503) return;
				else {
					this.refused.push(`${status} ${text.slice(0, 100)}`);
					this.headSince = 0;
					this.queue.shift();
				}
			}
		} finally {
			this.sending = false;
		}
	}

	private async send(via: 'socket' | 'http', body: string) {
		if (via === 'socket') {
			const a: { status: number; body: unknown } = await this.socket!.timeout(5000).emitWithAck(
				'heartbeat:send',
				this.playbackId,
				body
			);
			return { status: a.status, text: JSON.stringify(a.body) };
		}
		const r = await request(this.port, `/api/playbacks/${this.playbackId}/heartbeats`, {
			body,
			cookie: this.cookie,
			headers: { origin: this.origin },
			timeoutMs: 5000
		});
		return { status: r.status, text: r.body };
	}

	/** The longest gap (s) between two acknowledgements of this client from `from` to `to` (its edges count). */
	longestGap(from: number, to: number): number {
		const t = [from, ...this.ackTimes.filter((a) => a > from && a < to), to];
		return Math.max(...t.slice(1).map((x, i) => (x - t[i]) / 1000));
	}

	/** The longest wait (s) of a heartbeat acknowledged after `t`, from its first attempt (0 if none). */
	longestWaitAfter(t: number): number {
		let most = 0;
		this.ackTimes.forEach((a, i) => {
			if (a > t) most = Math.max(most, this.waits[i] / 1000);
		});
		return most;
	}

	/** Seconds from `t` to this client's first acknowledgement after it (Infinity if none). */
	recoveredAfter(t: number): number {
		const next = this.ackTimes.find((a) => a > t);
		return next === undefined ? Infinity : (next - t) / 1000;
	}
}

/** Starts one playback per learner through `port`; the learners' clients. */
export async function startPlaybacks(
	port: number,
	origin: string,
	learners: { cookie: string; userId: number }[],
	lessonId: number
): Promise<HeartbeatClient[]> {
	const out: HeartbeatClient[] = [];
	for (const l of learners) {
		const r = await request(port, '/api/playbacks', {
			body: JSON.stringify({ lessonId, deviceId: `cluster-${l.userId}` }),
			cookie: l.cookie,
			headers: { origin }
		});
		if (r.status !== 201) throw new Error(`start playback: ${r.status} ${r.body}`);
		out.push(new HeartbeatClient(port, l.cookie, JSON.parse(r.body).playbackId, origin));
	}
	return out;
}

/** Delivers what every client still holds (an instance may have just died). */
export async function drain(clients: HeartbeatClient[], timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (clients.some((c) => c.queue.length || c.sending) && Date.now() < deadline) {
		await Promise.all(clients.map((c) => c.flush()));
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** How many acknowledged heartbeats are not in the heartbeats table (must be 0). */
export async function lostAcked(sql: postgres.Sql, clients: HeartbeatClient[]): Promise<number> {
	const pids = clients.flatMap((c) => c.acked.map(() => c.playbackId));
	const seqs = clients.flatMap((c) => c.acked);
	const [found] = await sql`
		select count(*)::int as n from heartbeats h
		join unnest(${pids}::uuid[], ${seqs}::int[]) as k (pid, seq) on h.playback_id = k.pid and h.seq = k.seq`;
	return seqs.length - found.n;
}

/**
 * Acknowledgements whose creditedSeconds is not the sum of the stored credits
 * up to their seq, and playbacks whose credit is not the sum of their
 * heartbeats' (both must be 0). A client sends in order, one at a time, so
 * when seq k is acknowledged nothing later is stored yet: a heartbeat
 * credited twice (or a replay answered with another credit) shows in either.
 */
export async function creditMismatches(sql: postgres.Sql, clients: HeartbeatClient[]) {
	const pids = clients.flatMap((c) => c.acked.map(() => c.playbackId));
	const ids = [...new Set(pids)];
	const [r] = await sql<{ acks: number; playbacks: number }[]>`
		with h as (
			select playback_id, seq, sum(credited) over (partition by playback_id order by seq)::int as upto
			from heartbeats where playback_id = any(${ids}::uuid[])
		), p as (
			select p.id, p.credited_seconds, coalesce(sum(x.credited), 0)::int as stored
			from playbacks p left join heartbeats x on x.playback_id = p.id
			where p.id = any(${ids}::uuid[]) group by p.id
		)
		select
			(select count(*)::int from unnest(${pids}::uuid[], ${clients.flatMap((c) => c.acked)}::int[],
				${clients.flatMap((c) => c.ackCredits)}::int[]) as k (pid, seq, credited)
				left join h on h.playback_id = k.pid and h.seq = k.seq
				where h.upto is distinct from k.credited) as acks,
			(select count(*)::int from p where credited_seconds <> stored) as playbacks`;
	return { acks: r.acks, playbacks: r.playbacks };
}
