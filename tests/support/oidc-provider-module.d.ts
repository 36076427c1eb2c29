// oidc-provider ships no types; the tests use a small part of it.
declare module 'oidc-provider' {
	const Provider: new (
		issuer: string,
		configuration: Record<string, unknown>
	) => {
		listen(port: number, host?: string): import('node:http').Server;
		proxy: boolean;
	};
	export default Provider;
}
