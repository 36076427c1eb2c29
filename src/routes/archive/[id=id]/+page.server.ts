import type { PageServerLoad } from './$types';
import { loadArchive } from '../archive.server';

export const load: PageServerLoad = (event) => loadArchive(event, Number(event.params.id));
