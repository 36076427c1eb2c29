import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Parallel builds (several e2e runs on one machine) each take their own dirs.
		adapter: adapter({ out: process.env.XUEFAN_BUILD_DIR ?? 'build' }),
		outDir: process.env.XUEFAN_KIT_DIR ?? '.svelte-kit',
		// Forms and endpoints are same-origin; kit's CSRF check stays on.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
