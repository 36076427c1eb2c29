import type { PageServerLoad } from './$types';
import { loadRoots } from './units.server';

export const load: PageServerLoad = (event) => loadRoots(event);
