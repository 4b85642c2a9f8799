/**
 * A new user's first hour, as they live it: the packed tarball installed into fresh ESM and CommonJS
 * projects, the README's quick start copied as written and run against a local stand-in for Umami, the CLI
 * through `npx`, a one-shot script, a wrong server address and a typo in config.yaml — asserting on what
 * that user sees: events delivered, stderr lines, exit codes.
 *
 * Needs `dist/` (the test command builds it first). Packs with `--ignore-scripts`: `prepack` would rebuild
 * the `dist/` that other test files import while they run (test/packaging checks that prepack builds).
 * Installs offline-first from the npm cache (`--prefer-offline`, so CI may still reach the registry) and
 * links Express from this checkout's node_modules.
 */
import {execFile, execFileSync} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {quickStart, repoRoot, startApp, type ChildResult} from '../helpers/doc-blocks.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {BROWSER_UA} from '../helpers/umami.js';

const WEBSITE_ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const work = mkdtempSync(join(tmpdir(), 'umami-guard-first-hour-'));
let umami: FaultServer;
/** `http://127.0.0.1:PORT` where nothing listens. */
let nowhere: string;

function project(name: string, type: 'module' | 'commonjs'): string {
	const dir = join(work, name);
	mkdirSync(dir, {recursive: true});
	writeFileSync(join(dir, 'package.json'), JSON.stringify({name: `first-hour-${name}`, private: true, type}));
	return dir;
}

/** The quick start as a CommonJS user writes it: the same code with `require` for `import`. */
function asCommonJs(code: string): string {
	return code
		.split('\n')
		.map((line) => {
			const match = /^import (\S.*) from '([^']+)';$/.exec(line);
			return match ? `const ${match[1]} = require('${match[2]}');` : line;
		})
		.join('\n');
}

/** Runs `node file` (or `npx …`) in `cwd` to its end. */
function runToEnd(
	cwd: string,
	command: string,
	args: string[],
	env: Record<string, string>,
): Promise<ChildResult> {
	return new Promise((done) => {
		const child = execFile(
			command,
			args,
			{cwd, env: {...process.env, UMAMI_CONFIG: '', NO_COLOR: '1', ...env}, timeout: 60_000},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
				done({code, signal: child.signalCode, stdout, stderr});
			},
		);
	});
}

function payloads(): Record<string, unknown>[] {
	return umami.stored.map((stored) => stored.event.payload ?? {});
}

beforeAll(async () => {
	umami = await startFaultServer();
	const closed = await startFaultServer();
	nowhere = closed.url;
	await closed.close();

	const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], {
		cwd: repoRoot,
		encoding: 'utf8',
	});
	const tarball = join(work, packed.trim().split('\n').pop()!);
	const esm = project('esm', 'module');
	execFileSync(
		'npm',
		['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', tarball],
		{cwd: esm, stdio: 'ignore', timeout: 240_000},
	);
	symlinkSync(join(repoRoot, 'node_modules/express'), join(esm, 'node_modules/express'));
	cpSync(join(esm, 'node_modules'), join(project('cjs', 'commonjs'), 'node_modules'), {recursive: true});
}, 300_000);

afterAll(async () => {
	await umami.close();
});

describe("the README's quick start, copied into a fresh project", () => {
	it.each([
		['ESM', 'esm', 'app.mjs', quickStart()],
		['CommonJS', 'cjs', 'app.js', asCommonJs(quickStart())],
	])(
		'%s: browser requests are tracked, sanitized, and SIGTERM delivers them and exits 0',
		async (_, name, file, code) => {
			umami.reset();
			const dir = join(work, name);
			writeFileSync(join(dir, file), code);
			const app = await startApp(dir, file, {UMAMI_WEBSITE_ID: WEBSITE_ID, UMAMI_API_URL: umami.url});
			const headers = {'user-agent': BROWSER_UA};
			expect((await fetch(`${app.url}/users/4815162342`, {headers})).status).toBe(200);
			expect((await fetch(`${app.url}/signup`, {method: 'POST', headers})).status).toBe(201);
			const result = await app.stop('SIGTERM');
			expect({code: result.code, stderr: result.stderr}).toEqual({code: 0, stderr: ''});
			expect(payloads()).toEqual(
				expect.arrayContaining([
					expect.objectContaining({url: '/users/:id'}),
					expect.objectContaining({name: 'signup', data: {plan: 'pro', email: '[REDACTED_EMAIL]'}}),
				]),
			);
			expect(JSON.stringify(umami.requests.map((request) => request.body))).not.toMatch(/4815162342|jane/);
		},
		60_000,
	);
});

describe('the CLI through npx', () => {
	const npx = (args: string[], env: Record<string, string> = {}) =>
		runToEnd(join(work, 'esm'), 'npx', ['--no-install', 'umami-guard', ...args], env);

	it('--help: exit 0, and the docs it names are in the installed package', async () => {
		const result = await npx(['--help']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('docs/cli.md');
		expect(existsSync(join(work, 'esm/node_modules/umami-guard/docs/cli.md'))).toBe(true);
	}, 30_000);

	it('check against an unreachable server: exit 3 naming the server', async () => {
		const result = await npx(['check', '--api-url', nowhere, '--website-id', WEBSITE_ID]);
		expect(result.code).toBe(3);
		expect(result.stdout + result.stderr).toContain(`cannot reach ${nowhere}`);
	}, 30_000);

	it('send to an unreachable server: no "sent", a failure with host and error class, exit 3', async () => {
		const result = await npx(['send', 'signup', '--api-url', nowhere, '--website-id', WEBSITE_ID]);
		expect(result.code).toBe(3);
		expect(result.stdout).not.toMatch(/^sent/m);
		expect(result.stderr).toContain(`cannot reach ${new URL(nowhere).host} (ECONNREFUSED)`);
	}, 30_000);

	it('send with a mistyped flag: exit 2 and "did you mean --website-id"', async () => {
		const result = await npx(['send', 'signup', '--websiteid', WEBSITE_ID, '--api-url', umami.url]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('did you mean --website-id?');
	}, 30_000);
});

// The three scenarios below need the lifecycle and configuration fixes of issue 13 (items 1, 4 and 8).
describe('scripts and mistakes', () => {
	it('a one-shot script that tracks one event and simply ends: the event is delivered', async () => {
		umami.reset();
		const dir = join(work, 'esm');
		writeFileSync(
			join(dir, 'once.mjs'),
			"import {getAnalytics} from 'umami-guard';\ngetAnalytics('once').trackEvent('job_done', {items: 3});\n",
		);
		const result = await runToEnd(dir, process.execPath, ['once.mjs'], {
			UMAMI_WEBSITE_ID: WEBSITE_ID,
			UMAMI_API_URL: umami.url,
		});
		expect(result.code).toBe(0);
		expect(payloads()).toEqual([expect.objectContaining({name: 'job_done', data: {items: 3}})]);
	}, 30_000);

	it('a wrong server address: one stderr warning naming the host within about 10 s', async () => {
		const dir = join(work, 'esm');
		// Tracks once a second and ends itself after 12 s: a short run of an app pointed at the wrong server.
		writeFileSync(
			join(dir, 'wrong-address.mjs'),
			[
				"import {getAnalytics} from 'umami-guard';",
				"const analytics = getAnalytics('wrong_address');",
				"const timer = setInterval(() => analytics.trackEvent('tick'), 1000);",
				'setTimeout(() => { clearInterval(timer); process.exit(0); }, 12_000);',
				'',
			].join('\n'),
		);
		const host = new URL(nowhere).host;
		const result = await runToEnd(dir, process.execPath, ['wrong-address.mjs'], {
			UMAMI_WEBSITE_ID: WEBSITE_ID,
			UMAMI_API_URL: nowhere,
		});
		const warnings = result.stderr.split('\n').filter((line) => line.includes(host));
		expect(warnings).toHaveLength(1);
		// The error class and what to run, in that warning (which may span lines).
		expect(result.stderr).toMatch(/ECONNREFUSED|connection refused/i);
		expect(result.stderr).toContain('umami-guard check');
	}, 30_000);

	it('a typo in config.yaml (batch_sise): a clear stderr error with "did you mean", and the app keeps running', async () => {
		const dir = join(work, 'yaml');
		mkdirSync(dir, {recursive: true});
		writeFileSync(join(dir, 'package.json'), JSON.stringify({private: true, type: 'module'}));
		symlinkSync(join(work, 'esm/node_modules'), join(dir, 'node_modules'));
		writeFileSync(
			join(dir, 'config.yaml'),
			`umami:\n  website_id: ${WEBSITE_ID}\n  api_url: ${umami.url}\n  async:\n    batch_sise: 10\n`,
		);
		writeFileSync(join(dir, 'app.mjs'), quickStart());
		const app = await startApp(dir, 'app.mjs', {});
		expect((await fetch(`${app.url}/users/1`, {headers: {'user-agent': BROWSER_UA}})).status).toBe(200);
		const result = await app.stop('SIGTERM');
		expect(result.code).toBe(0);
		const hints = result.stderr.split('\n').filter((line) => /did you mean "?batch_size/.test(line));
		expect(hints).toHaveLength(1);
		expect(hints[0]).toContain('batch_sise');
	}, 30_000);
});
