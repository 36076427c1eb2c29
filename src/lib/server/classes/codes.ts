// Check-in codes. The room screen shows a QR code that changes every
// QR_STEP_SECONDS: it names the class, the session and the time step and is
// signed with the server's key (HMAC), so it cannot be forged, and a code
// older than the previous step is refused as expired. Beside it a six-digit
// code (its own HMAC, longer step) for phones whose camera will not open.
// A trainee's personal code (一人一码) is signed the same way, per class.
import type { Db } from '../db/index.ts';
import { classSecret, mac, sameText } from './secret.ts';

export const QR_STEP_SECONDS = 10;
export const TYPED_STEP_SECONDS = 30;

export const stepOf = (now: number, seconds: number) => Math.floor(now / 1000 / seconds);

export interface ScreenCode {
	token: string;
	typed: string;
	/** ms until the QR token changes */
	refreshInMs: number;
}

const qrMac = (key: Buffer, c: number, s: number, step: number) => mac(key, `qr|${c}|${s}|${step}`);

function typedFor(key: Buffer, c: number, s: number, step: number): string {
	const digest = Buffer.from(mac(key, `typed|${c}|${s}|${step}`, 43), 'base64url');
	return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export async function screenCode(
	sql: Db,
	classId: number,
	sessionId: number,
	now = Date.now()
): Promise<ScreenCode> {
	const key = await classSecret(sql);
	const step = stepOf(now, QR_STEP_SECONDS);
	return {
		token: `XFC.${classId}.${sessionId}.${step}.${qrMac(key, classId, sessionId, step)}`,
		typed: typedFor(key, classId, sessionId, stepOf(now, TYPED_STEP_SECONDS)),
		refreshInMs: (step + 1) * QR_STEP_SECONDS * 1000 - now
	};
}

export type TokenCheck =
	| { ok: true; classId: number; sessionId: number; step: number }
	| { ok: false; reason: 'code_invalid' | 'code_expired'; classId?: number; sessionId?: number };

/** Accepts the raw token or a URL carrying it as ?t=. */
export async function checkScreenToken(
	sql: Db,
	text: string,
	now = Date.now()
): Promise<TokenCheck> {
	let token = text.trim();
	const q = /[?&]t=([^&#\s]+)/.exec(token);
	if (q) token = decodeURIComponent(q[1]);
	const r = /^XFC\.(\d{1,10})\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
	if (!r) return { ok: false, reason: 'code_invalid' };
	const [classId, sessionId, step] = [Number(r[1]), Number(r[2]), Number(r[3])];
	const key = await classSecret(sql);
	if (!sameText(qrMac(key, classId, sessionId, step), r[4]))
		return { ok: false, reason: 'code_invalid' };
	const current = stepOf(now, QR_STEP_SECONDS);
	if (step > current + 1) return { ok: false, reason: 'code_invalid' };
	if (step < current - 1) return { ok: false, reason: 'code_expired', classId, sessionId };
	return { ok: true, classId, sessionId, step };
}

/**
 * Which of the given sessions the typed code is for, and whether it is current:
 * `step` is the code's step when it matched a current or previous step, else
 * 'expired' when it matched one of the last hour's steps.
 */
export async function matchTypedCode(
	sql: Db,
	classId: number,
	sessionIds: number[],
	typed: string,
	now = Date.now()
): Promise<{ sessionId: number; step: number | 'expired' } | null> {
	if (!/^\d{6}$/.test(typed.trim())) return null;
	const key = await classSecret(sql);
	const current = stepOf(now, TYPED_STEP_SECONDS);
	const lookBack = Math.ceil(3600 / TYPED_STEP_SECONDS);
	for (let back = 0; back <= lookBack; back++) {
		for (const sessionId of sessionIds) {
			if (sameText(typedFor(key, classId, sessionId, current - back), typed.trim()))
				return { sessionId, step: back <= 1 ? current - back : 'expired' };
		}
	}
	return null;
}

export async function personalCode(sql: Db, classId: number, userId: number): Promise<string> {
	const key = await classSecret(sql);
	return `XFP.${classId}.${userId}.${mac(key, `person|${classId}|${userId}`)}`;
}

export async function checkPersonalCode(
	sql: Db,
	text: string
): Promise<{ classId: number; userId: number } | null> {
	const r = /^XFP\.(\d{1,10})\.(\d{1,10})\.([A-Za-z0-9_-]{22})$/.exec(text.trim());
	if (!r) return null;
	const key = await classSecret(sql);
	const [classId, userId] = [Number(r[1]), Number(r[2])];
	return sameText(mac(key, `person|${classId}|${userId}`), r[3]) ? { classId, userId } : null;
}
