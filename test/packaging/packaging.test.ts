/**
 * The package as users get it: `npm pack`, then the tarball installed into fresh ESM, CommonJS and
 * TypeScript (node16 and bundler resolution) projects that call the public API for real; plus publint and
 * @arethetypeswrong/cli on the same tarball. Needs `dist/` (the test command builds it first).
 */
import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';
import {cpSync, existsSync, mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';

const root = resolve(import.meta.dirname, '../..');
const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const work = mkdtempSync(join(tmpdir(), 'umami-guard-pack-'));
let tarball = '';
let server: FaultServer;

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
	return execFileSync(command, args, {
		cwd,
		env: {...process.env, ...env},
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 240_000,
	});
}

function consumer(name: string): string {
	const dir = join(work, name);
	cpSync(join(root, 'test/fixtures/consumers', name), dir, {recursive: true});
	run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], dir);
	return dir;
}

beforeAll(async () => {
	if (!existsSync(join(root, 'dist/index.js'))) run('npx', ['tsup'], root);
	const name = run('npm', ['pack', '--pack-destination', work, '--silent'], root).trim().split('\n').pop()!;
	tarball = join(work, name);
	server = await startFaultServer();
}, 300_000);

afterAll(async () => {
	await server.close();
});

describe('the packed tarball', () => {
	it('contains dist, the README, the example config and no sources or tests', () => {
		const listing = run('tar', ['-tzf', tarball], work);
		expect(listing).toContain('package/dist/index.js');
		expect(listing).toContain('package/dist/index.cjs');
		expect(listing).toContain('package/dist/index.d.ts');
		expect(listing).toContain('package/config.example.yaml');
		expect(listing).not.toMatch(/package\/(src|test|bench)\//);
	});

	it('passes publint', () => {
		const output = run('npx', ['publint', '--strict', tarball], root);
		expect(output).not.toMatch(/error|warning/i);
	}, 120_000);

	it('passes @arethetypeswrong/cli for node16 (CJS and ESM) and bundlers', () => {
		// attw exits non-zero on any problem; node10 is ignored because subpaths need `exports`.
		const output = run('npx', ['attw', tarball, '--profile', 'node16', '--format', 'ascii'], root);
		expect(output).toContain('node16 (from ESM): 🟢 (ESM)');
		const problems = output
			.split('\n')
			.filter((line) => !line.includes('(ignored') && /❌|💀|⚠️/u.test(line));
		expect(problems).toEqual([]);
	}, 120_000);
});

describe('fresh consumer projects', () => {
	for (const name of ['esm', 'cjs']) {
		it(`${name}: getAnalytics('x').trackEvent('signup', {plan: 'pro'}) reaches the server, sanitized`, async () => {
			server.reset();
			const dir = consumer(name);
			const file = readdirSync(dir).find((entry) => entry.startsWith('index.'))!;
			// Asynchronous: the fault server lives in this process and must keep answering.
			const {stdout} = await promisify(execFile)('node', [file], {
				cwd: dir,
				env: {...process.env, WEBSITE_ID: ID, API_URL: server.url},
			});
			const output = JSON.parse(stdout.trim().split('\n').pop()!) as {
				result: {sent: number};
				url: string;
				text: string;
				configError?: boolean;
				expressMethod?: string;
			};
			expect(output.result.sent).toBe(1);
			expect(output.url).toBe('/u/[REDACTED_EMAIL]');
			expect(output.text).toBe('call [REDACTED_PHONE]');
			if (name === 'cjs') expect(output.configError).toBe(true);
			if (name === 'esm') expect(output.expressMethod).toBe('function');
			expect(server.stored[0]?.event.payload).toMatchObject({
				name: 'signup',
				data: {plan: 'pro', email: '[REDACTED_EMAIL]'},
			});
		}, 240_000);
	}

	for (const name of ['ts-node16', 'ts-bundler']) {
		it(`${name}: type-checks against the published declarations (typed event catalogue included)`, () => {
			const dir = consumer(name);
			expect(() => run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir)).not.toThrow();
		}, 240_000);
	}
});
