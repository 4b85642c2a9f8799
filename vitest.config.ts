import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		// Stops a real Umami that this run started (npm test leaves nothing running).
		globalSetup: ['test/helpers/umami-global-setup.ts'],
		typecheck: {enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'test/tsconfig.json'},
		testTimeout: 20_000,
		hookTimeout: 240_000,
		pool: 'forks',
		reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
		outputFile: {json: '.vitest-report.json'},
	},
});
