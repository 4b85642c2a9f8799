import {defineConfig} from 'tsup';

/**
 * One entry per public subpath. Integrations, the test helper and the CLI are separate entries so that
 * `import 'umami-guard'` never loads framework glue or command-line code it does not use.
 */
export default defineConfig([
	{
		entry: {
			index: 'src/index.ts',
			sanitize: 'src/sanitize/index.ts',
			express: 'src/integrations/express.ts',
			fastify: 'src/integrations/fastify.ts',
			hono: 'src/integrations/hono.ts',
			koa: 'src/integrations/koa.ts',
			nestjs: 'src/integrations/nestjs.ts',
			next: 'src/integrations/next.ts',
			fetch: 'src/integrations/fetch.ts',
			testing: 'src/testing/index.ts',
			'track-route': 'src/integrations/track-route.ts',
		},
		format: ['esm', 'cjs'],
		dts: true,
		clean: true,
		target: 'node20',
		platform: 'neutral',
		splitting: true,
		treeshake: true,
		shims: true,
		sourcemap: false,
		// Every cold start decodes and compiles these files: without comments and whitespace, and ASCII-only
		// (Node's loader decodes ASCII on a fast path), they load sooner. Identifiers keep their names, so
		// stack traces stay readable.
		minifyWhitespace: true,
		minifySyntax: true,
		esbuildOptions(options) {
			options.charset = 'ascii';
		},
		external: [/^node:/],
	},
	{
		// The CLI: ESM only, Node only, with its shebang.
		entry: {cli: 'src/cli/main.ts'},
		format: ['esm'],
		target: 'node20',
		platform: 'node',
		splitting: false,
		sourcemap: false,
		external: [/^node:/, 'yaml'],
	},
]);
