import type { Session, SessionUser } from '$lib/server/auth/types';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** X-Request-Id (nginx's, or one made at the edge): in every log line of the request */
			requestId?: string;
		}
		// The edge's one error body ($lib/server/edge/errors.ts): `{ error, message }`.
		interface Error {
			message: string;
			/** a stable code (API answers) */
			error?: string;
		}
	}
}

export {};
