import { afterEach, describe, expect, it } from 'vitest';
import { handOriginToAdapterNode, readConfig } from '../config.js';
import {
	originRule as ruleOf,
	publicOrigin,
	sameOrigin,
	stampForKit,
	useOriginRule,
	KIT_HOST_HEADER,
	KIT_PROTOCOL_HEADER
} from './origin.ts';

afterEach(() => useOriginRule(undefined));

const originRule = (env: Record<string, string>) => ruleOf(readConfig(env));

describe('the public origin of a request', () => {
	it('with nothing configured: the connection scheme and the Host header (plain http works)', () => {
		useOriginRule(originRule({}));
		expect(publicOrigin({ host: 'localhost:3000' }, false)).toBe('http://localhost:3000');
		expect(publicOrigin({ host: 'study.county.local' }, false)).toBe('http://study.county.local');
		expect(publicOrigin({ host: '10.2.3.4:3000' }, true)).toBe('https://10.2.3.4:3000');
		// A client's own forwarded headers are not trusted unless the operator said so.
		expect(
			publicOrigin(
				{ host: 'a.local', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
				false
			)
		).toBe('http://a.local');
		// A stamped header from the client is overwritten, never believed.
		const headers: Record<string, string> = {
			host: 'a.local',
			[KIT_PROTOCOL_HEADER]: 'https',
			[KIT_HOST_HEADER]: 'evil.example'
		};
		stampForKit(headers, false);
		expect([headers[KIT_PROTOCOL_HEADER], headers[KIT_HOST_HEADER]]).toEqual(['http', 'a.local']);
	});

	it('ORIGIN wins; a malformed ORIGIN is refused with a message naming it', () => {
		useOriginRule(originRule({ ORIGIN: 'https://study.example.org/' }));
		expect(publicOrigin({ host: '127.0.0.1:3000' }, false)).toBe('https://study.example.org');
		expect(() => originRule({ ORIGIN: 'study.example.org' })).toThrow(/ORIGIN/);
		expect(() => originRule({ ORIGIN: 'ftp://x' })).toThrow(/ORIGIN/);
		expect(() => originRule({ ORIGIN: 'https://x.org/path' })).toThrow(/ORIGIN/);
	});

	it('trusted proxy headers when configured (as server/index.js hands them on)', () => {
		useOriginRule(
			originRule({
				XUEFAN_PROXY_PROTOCOL_HEADER: 'X-Forwarded-Proto',
				XUEFAN_PROXY_HOST_HEADER: 'x-forwarded-host'
			})
		);
		expect(
			publicOrigin(
				{
					host: '127.0.0.1:3000',
					'x-forwarded-proto': 'https',
					'x-forwarded-host': 'study.example.org'
				},
				false
			)
		).toBe('https://study.example.org');
		expect(
			publicOrigin({ host: '127.0.0.1:3000', 'x-forwarded-proto': 'javascript:' }, false)
		).toBe('http://127.0.0.1:3000');
		// The edge's own stamp names are never taken as the operator's.
		expect(originRule({ PROTOCOL_HEADER: KIT_PROTOCOL_HEADER }).protocolHeader).toBeUndefined();
	});

	it('refuses a foreign Origin, accepts its own and none', () => {
		useOriginRule(originRule({}));
		const h = { host: 'study.county.local:3000' };
		expect(sameOrigin(undefined, h, false)).toBe(true);
		expect(sameOrigin('http://study.county.local:3000', h, false)).toBe(true);
		expect(sameOrigin('https://study.county.local:3000', h, false)).toBe(false);
		expect(sameOrigin('http://evil.example', h, false)).toBe(false);
	});

	it("server/index.js points adapter-node at the edge's stamps and keeps the operator's proxy headers for the edge", () => {
		const env: Record<string, string | undefined> = {
			PROTOCOL_HEADER: 'X-Forwarded-Proto',
			PORT_HEADER: 'x-forwarded-port'
		};
		handOriginToAdapterNode(env);
		handOriginToAdapterNode(env); // a second time changes nothing
		expect(env).toEqual({
			PROTOCOL_HEADER: KIT_PROTOCOL_HEADER,
			HOST_HEADER: KIT_HOST_HEADER,
			XUEFAN_PROXY_PROTOCOL_HEADER: 'X-Forwarded-Proto',
			XUEFAN_PROXY_PORT_HEADER: 'x-forwarded-port'
		});
		expect(ruleOf(readConfig(env))).toEqual({
			fixed: undefined,
			protocolHeader: 'x-forwarded-proto',
			hostHeader: undefined,
			portHeader: 'x-forwarded-port'
		});
	});
});
