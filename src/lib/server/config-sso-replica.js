// The read replica and single sign-on settings (issue 13), parsed beside
// config.js (which spreads these names and values into its own).
// Plain ESM with JSDoc types, like config.js.
import { ConfigError, integer, url } from './config-parse.js';

/**
 * @typedef {object} OidcConfig
 * @property {string} issuer the provider's issuer URL (discovery at /.well-known/openid-configuration)
 * @property {string} clientId
 * @property {string} clientSecret
 * @property {string} employeeClaim the ID-token/userinfo claim holding the person's employee number
 * @property {string} scope
 * @property {string | undefined} redirectUri default: <origin>/login/sso/callback
 *
 * @typedef {object} SsoReplicaConfig
 * @property {string | undefined} databaseReadUrl a streaming replica for reports; unset: the primary
 * @property {number} replicaMaxLagSeconds further behind than this, reads go to the primary
 * @property {number} readYourWritesSeconds how long after a write a person's reads stay on the primary (unless the replica caught up)
 * @property {Readonly<OidcConfig> | undefined} oidc undefined: no 统一身份认证 button
 */

export const SSO_REPLICA_NAMES = /** @type {const} */ ([
	'DATABASE_READ_URL',
	'XUEFAN_REPLICA_MAX_LAG_S',
	'XUEFAN_READ_YOUR_WRITES_S',
	'XUEFAN_OIDC_ISSUER',
	'XUEFAN_OIDC_CLIENT_ID',
	'XUEFAN_OIDC_CLIENT_SECRET',
	'XUEFAN_OIDC_EMPLOYEE_CLAIM',
	'XUEFAN_OIDC_SCOPE',
	'XUEFAN_OIDC_REDIRECT_URI'
]);

/**
 * @param {Record<string, string | undefined>} env
 * @returns {SsoReplicaConfig}
 */
export function readSsoReplicaConfig(env) {
	/** @param {typeof SSO_REPLICA_NAMES[number]} name */
	const get = (name) => (env[name] === '' ? undefined : env[name]);
	const readUrl = get('DATABASE_READ_URL');
	const maxLag = get('XUEFAN_REPLICA_MAX_LAG_S');
	const ryw = get('XUEFAN_READ_YOUR_WRITES_S');
	return {
		databaseReadUrl: readUrl && url('DATABASE_READ_URL', readUrl, ['postgres', 'postgresql']),
		replicaMaxLagSeconds: maxLag ? integer('XUEFAN_REPLICA_MAX_LAG_S', maxLag, 1, 86_400) : 60,
		readYourWritesSeconds: ryw ? integer('XUEFAN_READ_YOUR_WRITES_S', ryw, 1, 3_600) : 120,
		oidc: readOidc(get)
	};
}

/** @param {(name: typeof SSO_REPLICA_NAMES[number]) => string | undefined} get */
function readOidc(get) {
	const issuer = get('XUEFAN_OIDC_ISSUER');
	const clientId = get('XUEFAN_OIDC_CLIENT_ID');
	const clientSecret = get('XUEFAN_OIDC_CLIENT_SECRET');
	if (!issuer && !clientId && !clientSecret) return undefined;
	if (!issuer || !clientId || !clientSecret) {
		const missing = [
			!issuer && 'XUEFAN_OIDC_ISSUER',
			!clientId && 'XUEFAN_OIDC_CLIENT_ID',
			!clientSecret && 'XUEFAN_OIDC_CLIENT_SECRET'
		].filter(Boolean);
		throw new ConfigError(`single sign-on needs ${missing.join(' and ')} as well`);
	}
	const claim = get('XUEFAN_OIDC_EMPLOYEE_CLAIM') ?? 'employee_no';
	if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(claim))
		throw new ConfigError(
			`XUEFAN_OIDC_EMPLOYEE_CLAIM: ${JSON.stringify(claim)} is not a claim name`
		);
	const redirectUri = get('XUEFAN_OIDC_REDIRECT_URI');
	return Object.freeze({
		issuer: url('XUEFAN_OIDC_ISSUER', issuer, ['https', 'http']),
		clientId,
		clientSecret,
		employeeClaim: claim,
		scope: get('XUEFAN_OIDC_SCOPE') ?? 'openid profile',
		redirectUri: redirectUri && url('XUEFAN_OIDC_REDIRECT_URI', redirectUri, ['https', 'http'])
	});
}
