import type { PageServerLoad } from './$types';
import { loadUnit } from '../units.server';

export const load: PageServerLoad = (event) => loadUnit(event);
