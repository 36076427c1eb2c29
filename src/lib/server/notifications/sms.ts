// SMS through a small provider interface. The app ships no real gateway: the
// 'log' provider (development, tests) appends one JSON line per message it
// would send; a real one (阿里云短信, 腾讯云短信…) is another SmsProvider here.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config.js';

export interface SmsProvider {
	readonly name: string;
	/** Resolves once the gateway accepted the message; rejects when it refused. */
	send(to: string, text: string): Promise<void>;
}

export function logProvider(file: string): SmsProvider {
	return {
		name: 'log',
		async send(to, text) {
			await mkdir(path.dirname(file), { recursive: true });
			await appendFile(file, JSON.stringify({ at: new Date().toISOString(), to, text }) + '\n');
		}
	};
}

/** The configured provider, or null when no SMS gateway is configured. */
export function smsProvider(): SmsProvider | null {
	const c = config();
	return c.smsProvider === 'log' ? logProvider(c.smsLog) : null;
}

/** A mainland mobile number (optionally +86), spaces and dashes allowed; else null. */
export function mobileNumber(phone: string): string | null {
	const d = phone.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
	return /^1[3-9]\d{9}$/.test(d) ? d : null;
}
