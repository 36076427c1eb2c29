import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.js';

describe('replica and SSO configuration', () => {
	it('defaults: no replica, no SSO', () => {
		const c = readConfig({});
		expect(c.databaseReadUrl).toBeUndefined();
		expect(c.replicaMaxLagSeconds).toBe(60);
		expect(c.oidc).toBeUndefined();
	});

	it('reads a replica URL and refuses a non-postgres one', () => {
		expect(readConfig({ DATABASE_READ_URL: 'postgres://r@replica/x' }).databaseReadUrl).toBe(
			'postgres://r@replica/x'
		);
		expect(() => readConfig({ DATABASE_READ_URL: 'mysql://x' })).toThrow(ConfigError);
		expect(() => readConfig({ XUEFAN_REPLICA_MAX_LAG_S: '0' })).toThrow(/XUEFAN_REPLICA_MAX_LAG_S/);
	});

	it('SSO needs issuer, client id and secret together, and a sane claim name', () => {
		const all = {
			XUEFAN_OIDC_ISSUER: 'https://idp.example.org',
			XUEFAN_OIDC_CLIENT_ID: 'xuefan',
			XUEFAN_OIDC_CLIENT_SECRET: 's3cret'
		};
		expect(readConfig(all).oidc).toMatchObject({
			employeeClaim: 'employee_no',
			scope: 'openid profile'
		});
		expect(() => readConfig({ XUEFAN_OIDC_ISSUER: all.XUEFAN_OIDC_ISSUER })).toThrow(
			/XUEFAN_OIDC_CLIENT_ID and XUEFAN_OIDC_CLIENT_SECRET/
		);
		expect(() => readConfig({ ...all, XUEFAN_OIDC_EMPLOYEE_CLAIM: 'a b' })).toThrow(ConfigError);
		expect(() => readConfig({ ...all, XUEFAN_OIDC_ISSUER: 'ftp://x' })).toThrow(ConfigError);
	});
});
