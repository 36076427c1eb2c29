// The app's socket.io server and socket types: the wire contract
// (src/lib/api/socket-events.ts) plus what the server keeps in socket.data.
import type { Namespace, Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	IngestClientToServerEvents,
	IngestServerToClientEvents,
	InterServerEvents,
	ServerToClientEvents
} from '../../api/socket-events.ts';
import type { AuthenticatedData } from './socket-auth.ts';
import type { LiveRole } from '../live/audience.ts';

export interface Membership {
	role: LiveRole;
	/** the open live_presence row of this socket (viewers) */
	presenceId?: string;
}

/** socket.data: plain values only (the Redis adapter serialises it for connection-state recovery). */
export interface SocketData extends AuthenticatedData {
	/** live rooms joined, by session id */
	live?: Record<string, Membership>;
}

export type AppServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
export type AppSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

export type IngestNamespace = Namespace<
	IngestClientToServerEvents,
	IngestServerToClientEvents,
	InterServerEvents,
	AuthenticatedData
>;
export type IngestSocket = Socket<
	IngestClientToServerEvents,
	IngestServerToClientEvents,
	InterServerEvents,
	AuthenticatedData
>;
