// JSON answers of the attempts API: errors as { error: code, message } with
// the message in the request's UI language; never cached.
import { json } from '@sveltejs/kit';
import { QuizError } from './errors.ts';
import { quizErrorReply } from './submit-endpoint.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export function quizJson(body: unknown, status = 200): Response {
	return json(body, { status, headers: NO_STORE });
}

/** Runs fn; a QuizError becomes its 4xx with a message (other errors propagate as 500). */
export async function quizRespond(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof QuizError) {
			const r = quizErrorReply(e);
			return json(r.body, { status: r.status, headers: NO_STORE });
		}
		throw e;
	}
}
