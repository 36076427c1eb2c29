// POST /api/playbacks/<id>/heartbeats: $lib/server/progress/heartbeat-endpoint,
// served here by kit (`vite dev`, and whatever the production fast path declines).
import type { RequestHandler } from './$types';
import * as edge from '$lib/server/edge';
import { heartbeatEndpoint } from '$lib/server/progress/heartbeat-endpoint';

export const POST: RequestHandler = edge.kitEndpoint(heartbeatEndpoint);
