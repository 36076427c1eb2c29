// Every test file runs against the whole app's domains, as the server does:
// the same reactions the kit init hook registers (src/lib/server/domains.ts).
import { registerDomainReactions } from '../../src/lib/server/domains.ts';

registerDomainReactions();
