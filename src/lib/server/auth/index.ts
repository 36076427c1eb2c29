// Accounts and access: import { guard, sessions, … } from '$lib/server/auth'.
// Scripts run with tsx may import the modules directly (e.g. ./passwords.ts).
export * as sessions from './sessions.ts';
export * as passwords from './passwords.ts';
export * as throttle from './throttle.ts';
export * as guard from './guard.ts';
export * as login from './login.ts';
export * as accounts from './accounts.ts';
export { safeNext } from './next-path.ts';
export type { Role, Session, SessionUser } from './types.ts';
export { ROLES } from './types.ts';
