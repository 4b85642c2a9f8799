/**
 * The core test suite (config, queue, transport, sanitizer, client) on Node 22 and 24 as well as the Node
 * that runs this suite: vitest is started again under each binary installed by scripts/runtimes/install.sh.
 */
import {execFileSync} from 'node:child_process';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {CORE_SUITE_TIMEOUT_MS, root, runCoreSuite} from './run-core-suite.js';

beforeAll(() => {
	execFileSync('bash', [join(root, 'scripts/runtimes/install.sh')], {
		stdio: ['ignore', 'ignore', 'inherit'],
		timeout: 300_000,
	});
}, 320_000);

describe.each(['22', '24'])('Node %s', (major) => {
	it(
		'passes the core test suite',
		async () => {
			const node = join(root, `.runtimes/node_modules/node${major}/bin/node`);
			expect(execFileSync(node, ['--version'], {encoding: 'utf8'})).toMatch(new RegExp(`^v${major}\\.`));
			const result = await runCoreSuite(`node${major}`, node, [], 'node');
			expect(result.failedFiles, result.output).toEqual([]);
			expect(result.failedTests).toEqual([]);
			expect(result.failed).toBe(0);
			expect(result.passed, result.output).toBeGreaterThan(200);
		},
		CORE_SUITE_TIMEOUT_MS + 60_000,
	);
});
