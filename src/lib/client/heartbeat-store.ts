// Unacknowledged heartbeats, kept on the device (IndexedDB) until the server
// answers 200, so nothing watched is lost to a reload, a crash or a dropped
// network. Key: `${playbackId}:${seq}` — a replay keeps its original ids, and
// the server treats a stored seq as already done.

import type { HeartbeatEvent } from '$lib/api/playback';

export interface HeartbeatBody {
	seq: number;
	intervals: [number, number][];
	position: number;
	rate: number;
	event: HeartbeatEvent;
	sentAt: number;
}

export interface StoredHeartbeat {
	key: string;
	playbackId: string;
	seq: number;
	/** Client ms when it was queued: replay order across playbacks. */
	queuedAt: number;
	body: HeartbeatBody;
}

export interface HeartbeatStore {
	put(item: StoredHeartbeat): Promise<void>;
	remove(key: string): Promise<void>;
	/** Everything pending, oldest first (per playback in seq order). */
	all(): Promise<StoredHeartbeat[]>;
}

const DB_NAME = 'xuefan-progress';
const STORE = 'heartbeats';

export const heartbeatKey = (playbackId: string, seq: number) => `${playbackId}:${seq}`;

export function sortPending(items: StoredHeartbeat[]): StoredHeartbeat[] {
	return items.sort((a, b) =>
		a.playbackId === b.playbackId ? a.seq - b.seq : a.queuedAt - b.queuedAt || a.seq - b.seq
	);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** The IndexedDB store; falls back to memory where IndexedDB is unavailable (private modes). */
export async function openHeartbeatStore(): Promise<HeartbeatStore> {
	if (typeof indexedDB === 'undefined') return memoryStore();
	try {
		const open = indexedDB.open(DB_NAME, 1);
		open.onupgradeneeded = () => {
			if (!open.result.objectStoreNames.contains(STORE))
				open.result.createObjectStore(STORE, { keyPath: 'key' });
		};
		const idb = await request(open);
		const tx = (mode: IDBTransactionMode) => idb.transaction(STORE, mode).objectStore(STORE);
		// Writes resolve when the transaction commits, not when the request succeeds.
		const write = (fn: (s: IDBObjectStore) => void) =>
			new Promise<void>((resolve, reject) => {
				const t = idb.transaction(STORE, 'readwrite', { durability: 'strict' });
				fn(t.objectStore(STORE));
				t.oncomplete = () => resolve();
				t.onerror = () => reject(t.error);
				t.onabort = () => reject(t.error);
			});
		return {
			put: (item) => write((s) => s.put(item)),
			remove: (key) => write((s) => s.delete(key)),
			all: async () => sortPending((await request(tx('readonly').getAll())) as StoredHeartbeat[])
		};
	} catch {
		return memoryStore();
	}
}

export function memoryStore(): HeartbeatStore {
	const items = new Map<string, StoredHeartbeat>();
	return {
		put: async (item) => void items.set(item.key, structuredClone(item)),
		remove: async (key) => void items.delete(key),
		all: async () => sortPending([...items.values()].map((i) => structuredClone(i)))
	};
}
