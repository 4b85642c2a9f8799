/** The layout's promises, checked on the source: arrows point one way, the core has no static `node:` imports. */
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';

const src = join(import.meta.dirname, '../src');

function files(dir: string): string[] {
	return readdirSync(join(src, dir), {withFileTypes: true}).flatMap((entry) =>
		entry.isDirectory()
			? files(join(dir, entry.name))
			: entry.name.endsWith('.ts')
				? [join(dir, entry.name)]
				: [],
	);
}

/**
 * Every module a file names, as written: static imports and re-exports (`import type` and `export type`
 * included), dynamic `import()` and `typeof import()`.
 */
function importsOf(text: string): string[] {
	const statements = text.matchAll(/^(?:import|export)\b[^;]*? from '([^']+)'/gm);
	const bare = text.matchAll(/^import\s*'([^']+)'/gm);
	const dynamic = text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g);
	return [...statements, ...bare, ...dynamic].map((match) => match[1]!);
}

/** Runtime (non-type) imports of a file, as written. */
function runtimeImports(file: string): string[] {
	const text = readFileSync(join(src, file), 'utf8');
	return [...text.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gm)].map((match) => match[1]!);
}

/** The layer of a file under `src/`: its folder, `leaf` for a shared file at the top, `entry` for `index.ts`. */
function layerOf(file: string): string {
	const [first, ...rest] = file.split('/');
	if (rest.length > 0) return first!;
	return file === 'index.ts' ? 'entry' : 'leaf';
}

/**
 * What each layer may import (ARCHITECTURE.md's table). Anything else is against the arrows: the
 * sanitizer, queue and transport never import each other; only the client wires them; integrations, the
 * CLI and the test helper stand at the edge and nothing imports them.
 */
const allowed: Record<string, readonly string[]> = {
	leaf: ['leaf'],
	sanitize: ['leaf'],
	queue: ['leaf'],
	transport: ['leaf'],
	config: ['leaf', 'sanitize'],
	outbox: ['leaf'],
	gate: ['leaf', 'sanitize'],
	client: ['leaf', 'config', 'sanitize', 'gate', 'queue', 'transport', 'outbox'],
	integrations: ['leaf', 'client'],
	cli: ['leaf', 'config', 'sanitize', 'gate', 'client', 'outbox'],
	testing: ['leaf', 'config', 'client'],
	entry: [
		'leaf',
		'config',
		'sanitize',
		'gate',
		'queue',
		'transport',
		'outbox',
		'client',
		'integrations',
		'testing',
	],
};

/** Imports of `file` (relative to `src/`) that point against the arrows, as `file → target`. */
function offendingImports(file: string, text: string): string[] {
	const layer = layerOf(file);
	const permitted = allowed[layer];
	if (permitted === undefined) return [`${file}: a folder ARCHITECTURE.md does not know`];
	return importsOf(text)
		.filter((target) => target.startsWith('.'))
		.filter((target) => {
			const resolved = relative(src, join(src, dirname(file), target))
				.split('\\')
				.join('/');
			const targetLayer = layerOf(resolved);
			return targetLayer !== layer && !permitted.includes(targetLayer);
		})
		.map((target) => `${file} → ${target}`);
}

describe('architecture', () => {
	const all = files('.').map((file) => file.split('\\').join('/'));

	it('every import, type imports included, follows the arrows', () => {
		const offenders = all.flatMap((file) => offendingImports(file, readFileSync(join(src, file), 'utf8')));
		expect(offenders).toEqual([]);
	});

	it('the check sees type imports, re-exports and dynamic imports against the arrows', () => {
		expect(offendingImports('config/options.ts', "import type {X} from '../client/exit-hooks.js';")).toEqual([
			'config/options.ts → ../client/exit-hooks.js',
		]);
		expect(
			offendingImports('outbox/cli.ts', "import {createTransport} from '../transport/index.js';"),
		).toEqual(['outbox/cli.ts → ../transport/index.js']);
		expect(offendingImports('queue/a.ts', "export {x} from '../sanitize/index.js';")).toHaveLength(1);
		expect(offendingImports('client/a.ts', "const m = await import('../cli/run.js');")).toHaveLength(1);
		expect(
			offendingImports('client/a.ts', "type M = typeof import('../integrations/express.js');"),
		).toHaveLength(1);
		expect(offendingImports('types.ts', "import type {Q} from './queue/types.js';")).toHaveLength(1);
		expect(offendingImports('client/a.ts', "import {createQueue} from '../queue/index.js';")).toEqual([]);
	});

	it('the core and the integrations have no static node: imports (they run on Workers)', () => {
		const offenders = all
			.filter((file) =>
				['client', 'config', 'sanitize', 'queue', 'transport', 'integrations', 'testing', 'leaf'].includes(
					layerOf(file),
				),
			)
			.filter((file) => runtimeImports(file).some((target) => target.startsWith('node:')));
		expect(offenders).toEqual([]);
	});

	it('integrations load no framework at runtime', () => {
		const offenders = files('integrations').flatMap((file) =>
			runtimeImports(file)
				.filter((target) => !target.startsWith('.'))
				.map((target) => `${file} → ${target}`),
		);
		expect(offenders).toEqual([]);
	});
});
