/** The layout's promises, checked on the source: arrows point one way, the core has no static `node:` imports. */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
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

/** Runtime (non-type) imports of a file, as written. */
function runtimeImports(file: string): string[] {
	const text = readFileSync(join(src, file), 'utf8');
	return [...text.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gm)].map((match) => match[1]!);
}

const forbidden: Record<string, RegExp> = {
	sanitize: /^\.\.\/(?:queue|transport|client|config|integrations|cli|outbox)\//,
	queue: /^\.\.\/(?:sanitize|transport|client|config|integrations|cli|outbox)\//,
	transport: /^\.\.\/(?:sanitize|queue|client|config|integrations|cli|outbox)\//,
	config: /^\.\.\/(?:queue|transport|client|integrations|cli|outbox)\//,
	client: /^\.\.\/(?:integrations|cli)\//,
};

describe('architecture', () => {
	for (const [layer, pattern] of Object.entries(forbidden)) {
		it(`${layer} does not import what stands after it in the pipeline`, () => {
			const offenders = files(layer).flatMap((file) =>
				runtimeImports(file)
					.filter((target) => pattern.test(target))
					.map((target) => `${file} → ${target}`),
			);
			expect(offenders).toEqual([]);
		});
	}

	it('the core and the integrations have no static node: imports (they run on Workers)', () => {
		const offenders = [
			'client',
			'config',
			'sanitize',
			'queue',
			'transport',
			'integrations',
			'testing',
		].flatMap((layer) =>
			files(layer).filter((file) => runtimeImports(file).some((target) => target.startsWith('node:'))),
		);
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
