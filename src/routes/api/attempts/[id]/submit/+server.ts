// POST /api/attempts/<id>/submit: $lib/server/quiz/submit-endpoint, served here
// by kit (`vite dev`, and whatever the production fast path declines).
import type { RequestHandler } from './$types';
import * as edge from '$lib/server/edge';
import { submitEndpoint } from '$lib/server/quiz/submit-endpoint';

export const POST: RequestHandler = edge.kitEndpoint(submitEndpoint);
