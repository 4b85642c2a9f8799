/**
 * The core test suite (config, queue, transport, sanitizer, client) on Node 22 and 24 as well as the Node
 * that runs this suite: vitest is started again under each binary installed by scripts/runtimes/install.sh.
 */
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {beforeAll, describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '../..');
const CORE = ['test/config', 'test/queue', 'test/transport', 'test/sanitize', 'test/client'];

beforeAll(() => {
	execFileSync('bash', [join(root, 'scripts/runtimes/install.sh')], {
		stdio: ['ignore', 'ignore', 'inherit'],
		timeout: 300_000,
	});
}, 320_000);

describe.each(['22', '24'])('Node %s', (major) => {
	it('passes the core test suite', async () => {
		const node = join(root, `.runtimes/node_modules/node${major}/bin/node`);
		const report = join(root, `.tmp/vitest-node${major}.json`);
		rmSync(report, {force: true});
		const run = promisify(execFile)(
			node,
			[
				join(root, 'node_modules/vitest/vitest.mjs'),
				'run',
				...CORE,
				'--typecheck.enabled=false',
				'--reporter=json',
				`--outputFile=${report}`,
			],
			{cwd: root, env: {...process.env, CI: ''}, maxBuffer: 64 * 1024 * 1024, timeout: 600_000},
		);
		await run.catch(() => undefined);
		expect(existsSync(report)).toBe(true);
		const result = JSON.parse(readFileSync(report, 'utf8')) as {
			numPassedTests: number;
			numFailedTests: number;
			testResults: {name: string; status: string; message?: string}[];
		};
		const failedFiles = result.testResults
			.filter((file) => file.status !== 'passed')
			.map((file) => `${file.name}: ${file.message ?? ''}`);
		expect(failedFiles).toEqual([]);
		expect(result.numFailedTests).toBe(0);
		expect(result.numPassedTests).toBeGreaterThan(200);
		expect(execFileSync(node, ['--version'], {encoding: 'utf8'})).toMatch(new RegExp(`^v${major}\\.`));
	}, 660_000);
});
