import {defineConfig} from 'tsup';

/**
 * One entry per public subpath. Integrations and the CLI are separate entries so that
 * `import 'umami-guard'` never loads framework glue, file-system code or the YAML parser it does not use.
 */
export default defineConfig({
	entry: {
		index: 'src/index.ts',
		sanitize: 'src/sanitize/index.ts',
	},
	format: ['esm', 'cjs'],
	dts: true,
	clean: true,
	target: 'node20',
	platform: 'neutral',
	splitting: true,
	treeshake: true,
	sourcemap: false,
	external: [/^node:/],
});
