// Ids of the app's int4 serial keys, as route params and form fields carry
// them: the one rule the param matcher (src/params/id.ts), the server's
// parsing and the forms share.
/** PostgreSQL's int4 maximum: the largest serial id (and heartbeat seq). */
export const INT4_MAX = 2_147_483_647;
export const MAX_ID = INT4_MAX;

/** A positive int4 id as a number (JSON bodies, socket payloads). */
export const isId = (n: unknown): n is number =>
	typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_ID;

/** A positive int4 id written plainly ("12", not "012", "+12", "1e3" or " 12"), else null. */
export function parseId(value: unknown): number | null {
	if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return null;
	const id = Number(value);
	return id <= MAX_ID ? id : null;
}
