// A share of the benchmark's viewers (forked by bench/live.ts; several such
// processes, because one Node process cannot drive 10,000 sockets and measure
// fairly). Each viewer connects over websocket with its own session cookie,
// joins the live room, and records every chat message's delivery latency
// (the body carries the lecturer's send time; same machine, same clock).
import { io, type Socket } from 'socket.io-client';

const port = Number(process.env.PORT);
const sessionId = Number(process.env.SESSION_ID);
const CONCURRENT = 50;
const MAX_SEQ = 100_000;

/** latency histogram, 1 ms buckets up to 60 s (the last bucket holds the rest) */
const hist = new Uint32Array(60_001);
let delivered = 0;
let duplicates = 0;
let disconnects = 0;
let loggedError = false;
const sockets: Socket[] = [];

function viewer(cookie: string): Promise<boolean> {
	return new Promise((resolve) => {
		const s = io(`http://127.0.0.1:${port}`, {
			transports: ['websocket'],
			extraHeaders: { cookie },
			reconnection: false,
			timeout: 60_000
		});
		const seen = new Uint8Array(MAX_SEQ / 8);
		s.on('live:chat:batch', ({ messages }: { messages: { body: string }[] }) => {
			const now = Date.now();
			for (const msg of messages) {
				const { seq, t } = JSON.parse(msg.body) as { seq: number; t: number };
				const bit = 1 << (seq & 7);
				if (seen[seq >> 3] & bit) {
					duplicates++;
					continue;
				}
				seen[seq >> 3] |= bit;
				delivered++;
				hist[Math.min(60_000, Math.max(0, now - t))]++;
			}
		});
		s.on('disconnect', () => disconnects++);
		s.once('connect_error', (e) => {
			if (!loggedError) console.error(`[viewer] connect error: ${e.message}`);
			loggedError = true;
			resolve(false);
		});
		s.once('connect', async () => {
			try {
				const r = await s.timeout(60_000).emitWithAck('live:join', { sessionId });
				if (!r?.ok && !loggedError) console.error(`[viewer] join refused: ${JSON.stringify(r)}`);
				if (!r?.ok) loggedError = true;
				// as the browser does: "still watching" every 60 s (spread over the minute)
				const watching = () => s.connected && s.emit('live:watching', { sessionId });
				if (r?.ok)
					setTimeout(() => (watching(), setInterval(watching, 60_000)), Math.random() * 60_000);
				resolve(r?.ok === true);
			} catch {
				resolve(false);
			}
		});
		sockets.push(s);
	});
}

process.on('message', async (msg: { type: string; cookies?: string[] }) => {
	if (msg.type === 'join') {
		const cookies = msg.cookies!;
		let joined = 0;
		let next = 0;
		await Promise.all(
			Array.from({ length: CONCURRENT }, async () => {
				while (next < cookies.length) if (await viewer(cookies[next++])) joined++;
			})
		);
		process.send!({ type: 'joined', joined, failed: cookies.length - joined });
	}
	if (msg.type === 'report') {
		process.send!({
			type: 'report',
			delivered,
			duplicates,
			disconnects,
			connected: sockets.filter((s) => s.connected).length,
			hist: Array.from(hist)
		});
	}
	if (msg.type === 'stop') {
		for (const s of sockets) s.close();
		process.exit(0);
	}
});
process.send!({ type: 'ready' });
