// Where the domains' reactions to each other are wired, once per process:
// the kit init hook, the seed script, the vitest setup and benches call this.
import { programmeReactions } from './programmes/reactions.ts';
import { registerReactions } from './reactions.ts';

export function registerDomainReactions(): void {
	registerReactions(programmeReactions);
}
