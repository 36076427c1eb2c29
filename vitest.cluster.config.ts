// npm run test:cluster: the tests that start nginx in front of several
// production instances (tests/cluster/), one file at a time (they share the
// cluster's ports). Needs the production build (npm run build) and Redis.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	// the browser's LiveRoom (a .svelte.ts class with runes) drives the live rooms
	plugins: [sveltekit()],
	test: {
		include: ['tests/cluster/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
