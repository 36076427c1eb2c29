// A live-room event sent over the page's socket with the session id and an
// ack timeout, its reply typed by the socket contract ($lib/api/socket-events):
// never throws, a refusal or a timeout is an ActionResult with ok false.
import type { AckError, ClientToServerEvents } from '$lib/api/socket-events';
import type { PageSocket } from './socket';

export type ActionResult<T extends object = object> =
	({ ok: true } & T) | { ok: false; error: string; message: string };

// The live-room events (the heartbeat event belongs to the progress outbox).
export type Emitted = Exclude<keyof ClientToServerEvents, 'heartbeat:send'>;
/** What an event sends besides the session id (added by emit). */
export type Sent<E extends Emitted> = Omit<Parameters<ClientToServerEvents[E]>[0], 'sessionId'>;
/** What its ack carries on success. */
export type Acked<E extends Emitted> = Parameters<
	NonNullable<Parameters<ClientToServerEvents[E]>[1]>
>[0] extends infer R
	? Extract<R, { ok: true }>
	: never;

const ACK_TIMEOUT_MS = 10_000;

export async function emitRoom<E extends Emitted>(
	socket: PageSocket | null,
	sessionId: number,
	event: E,
	payload: Sent<E>
): Promise<ActionResult<Acked<E>>> {
	if (!socket) return { ok: false, error: 'offline', message: '' };
	try {
		// socket.io's emit types do not narrow over a generic event name: the reply is typed by the contract instead.
		const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
			emitWithAck(ev: E, p: unknown): Promise<Acked<E> | AckError>;
		};
		const r = await timed.emitWithAck(event, { sessionId, ...payload });
		if ('ok' in r && r.ok) return r as { ok: true } & Acked<E>;
		const e = r as AckError;
		return { ok: false, error: e.error, message: e.message };
	} catch {
		return { ok: false, error: 'timeout', message: '' };
	}
}
