// Joining and leaving a session's room, presence intervals, and what a
// recovered connection (socket.recovered) needs: its rooms and socket.data
// come back from the adapter, its presence interval is opened anew.
import { randomUUID } from 'node:crypto';
import { roleInSession } from '../audience.ts';
import { closePresence, openPresence, seenPresence, viewerCount } from '../presence.ts';
import { RoomError } from './errors.ts';
import { rooms } from '../../../api/socket-rooms.ts';
import { ackOf, replyError, type LiveSocket, type Membership } from './context.ts';
import { lecturerExtras, mine } from './history.ts';
import type { RoomState } from './state.ts';
import type { History, JoinResult } from '../../../api/live-room.ts';
import * as v from './validate.ts';

export function registerMembership(state: RoomState, socket: LiveSocket): void {
	socket.on('live:join', async (payload: unknown, rawAck: unknown) => {
		const ack = ackOf(rawAck);
		try {
			const sessionId = v.id(v.object(payload).sessionId);
			ack(await join(state, socket, sessionId));
		} catch (e) {
			replyError(socket, ack, e, 'live:join');
		}
	});

	socket.on('live:leave', async (payload: unknown, rawAck: unknown) => {
		const ack = ackOf(rawAck);
		try {
			const sessionId = v.id(v.object(payload).sessionId);
			await leave(state, socket, sessionId);
			ack({ ok: true });
		} catch (e) {
			replyError(socket, ack, e, 'live:leave');
		}
	});

	// "Still watching" from a visible page, every WATCHING_INTERVAL_MS. Counts only
	// for a socket that is in the room (its presence row is open).
	socket.on('live:watching', async (payload: unknown, rawAck: unknown) => {
		const ack = ackOf(rawAck);
		try {
			const sessionId = v.id(v.object(payload).sessionId);
			const member = socket.data.live?.[sessionId];
			if (!member) throw new RoomError('not_joined');
			if (member.role === 'viewer') await touchPresence(state, socket, sessionId, member);
			ack({ ok: true });
		} catch (e) {
			replyError(socket, ack, e, 'live:watching');
		}
	});

	socket.on('disconnect', () => {
		const now = new Date();
		for (const [sid, member] of Object.entries(socket.data.live ?? {})) {
			if (member.role === 'lecturer') bumpLecturers(state, Number(sid), -1);
			if (member.presenceId)
				closePresence(state.sql(), member.presenceId, now).catch((e) =>
					console.error('live presence:', e)
				);
		}
	});

	if (socket.recovered) {
		// Rooms and memberships came back with the session; presence starts again now.
		for (const [sid, member] of Object.entries(socket.data.live ?? {})) {
			const sessionId = Number(sid);
			if (member.role === 'lecturer') bumpLecturers(state, sessionId, 1);
			if (member.role === 'viewer') {
				member.presenceId = undefined;
				void touchPresence(state, socket, sessionId, member).catch((e) =>
					console.error('live presence:', e)
				);
			}
		}
	}
}

async function join(state: RoomState, socket: LiveSocket, sessionId: number): Promise<JoinResult> {
	const user = socket.data.user;
	const sql = state.sql();
	const role = await roleInSession(sql, user, sessionId);
	if (!role) throw new RoomError('not_found');
	const info = await state.deps.info.get(sessionId);
	if (!info) throw new RoomError('not_found');
	socket.data.live ??= {};
	const already = socket.data.live[sessionId];
	const member: Membership = already ?? { role };
	socket.data.live[sessionId] = member;
	// Join the room before reading the snapshot: see SnapshotReader.
	await socket.join(rooms.live(sessionId));
	if (role === 'lecturer') {
		await socket.join(rooms.liveLecturers(sessionId));
		if (!already) bumpLecturers(state, sessionId, 1);
	}
	if (role === 'viewer' && (info.status === 'scheduled' || info.status === 'live'))
		await touchPresence(state, socket, sessionId, member);
	const [snap, my] = await Promise.all([state.snapshot(sessionId), mine(sql, sessionId, user.id)]);
	const history: History = { status: info.status, ...snap, mine: my };
	if (role === 'lecturer') {
		Object.assign(history, await lecturerExtras(sql, sessionId), {
			viewers: await viewerCount(sql, sessionId)
		});
	} else if (history.checkin) {
		history.checkin = { ...history.checkin, answered: undefined };
	}
	return { ok: true, role, userId: user.id, history };
}

async function leave(state: RoomState, socket: LiveSocket, sessionId: number): Promise<void> {
	const member = socket.data.live?.[sessionId];
	if (!member) return;
	delete socket.data.live![sessionId];
	await socket.leave(rooms.live(sessionId));
	if (member.role === 'lecturer') {
		await socket.leave(rooms.liveLecturers(sessionId));
		bumpLecturers(state, sessionId, -1);
	}
	if (member.presenceId) await closePresence(state.sql(), member.presenceId, new Date());
}

/** Confirms the socket's open presence interval, or opens one (first join, recovery, closed meanwhile). */
async function touchPresence(
	state: RoomState,
	socket: LiveSocket,
	sessionId: number,
	member: Membership
): Promise<void> {
	const now = new Date();
	if (member.presenceId && (await seenPresence(state.sql(), member.presenceId, now))) return;
	const info = await state.deps.info.get(sessionId);
	if (!info || (info.status !== 'scheduled' && info.status !== 'live')) return;
	member.presenceId = randomUUID();
	await openPresence(state.sql(), {
		id: member.presenceId,
		sessionId,
		userId: socket.data.user.id,
		at: now
	});
}

function bumpLecturers(state: RoomState, sessionId: number, by: number) {
	const n = (state.lecturers.get(sessionId) ?? 0) + by;
	if (n > 0) state.lecturers.set(sessionId, n);
	else state.lecturers.delete(sessionId);
}
