// What the room screen and the trainee's personal-code page draw: the
// rotating check-in code as a QR image (SVG made here with `qrcode`) naming
// the trainee's check-in page, so a phone's own camera app also lands there.
import QRCode from 'qrcode';
import type { Db } from '../db/index.ts';
import { personalCode, screenCode, TYPED_STEP_SECONDS } from './codes.ts';

export const checkInPath = (classId: number) => `/my-classes/${classId}/checkin`;

export interface ScreenPayload {
	/** the text inside the QR code (the check-in URL carrying the token) */
	url: string;
	token: string;
	svg: string;
	typed: string;
	refreshInMs: number;
	typedRefreshInMs: number;
}

export const qrSvg = (text: string) =>
	QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });

export async function screenPayload(
	sql: Db,
	classId: number,
	sessionId: number,
	origin: string,
	now = Date.now()
): Promise<ScreenPayload> {
	const code = await screenCode(sql, classId, sessionId, now);
	const url = `${origin}${checkInPath(classId)}?t=${encodeURIComponent(code.token)}`;
	const typedStep = TYPED_STEP_SECONDS * 1000;
	return {
		url,
		token: code.token,
		svg: await qrSvg(url),
		typed: code.typed,
		refreshInMs: code.refreshInMs,
		typedRefreshInMs: typedStep - (now % typedStep)
	};
}

/** The trainee's personal code (一人一码) of the class, as text and QR. */
export async function personalPayload(sql: Db, classId: number, userId: number) {
	const code = await personalCode(sql, classId, userId);
	return { code, svg: await qrSvg(code) };
}
