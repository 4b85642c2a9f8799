// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
	{
		ignores: [
			'dist/',
			'coverage/',
			'node_modules/',
			'.umami-e2e/',
			'.tmp/',
			'.runtimes/',
			'.umami-guard/',
			'test/fixtures/consumers/**/node_modules/',
		],
	},
	js.configs.recommended,
	...tseslint.configs.strict,
	regexp.configs['flat/recommended'],
	{
		rules: {
			// Catastrophic backtracking and exponential/polynomial ReDoS are errors, everywhere.
			'regexp/no-super-linear-backtracking': 'error',
			'regexp/no-super-linear-move': 'error',
			'regexp/no-misleading-capturing-group': 'error',
			'regexp/no-dupe-disjunctions': ['error', {report: 'all'}],
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'no-console': 'error',
			// With noUncheckedIndexedAccess, `!` after a length or `has` check is the honest way to say "present".
			'@typescript-eslint/no-non-null-assertion': 'off',
		},
	},
	{
		files: ['bench/**', 'scripts/**', 'examples/**', 'test/**', 'src/cli/**', 'demo/**'],
		rules: {'no-console': 'off'},
	},
	{
		files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				require: 'readonly',
				module: 'writable',
				URL: 'readonly',
			},
		},
		rules: {'@typescript-eslint/no-require-imports': 'off'},
	},
);
