// `[id=id]` routes match only valid int4 ids; anything else is kit's 404
// before a load function runs.
import type { ParamMatcher } from '@sveltejs/kit';
import { parseId } from '$lib/api/ids';

export const match = ((param: string) => parseId(param) !== null) satisfies ParamMatcher;
