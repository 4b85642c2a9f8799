/**
 * The core, the Hono middleware and the fetch wrapper under other runtimes: Bun and Deno (binaries from
 * devDependencies, running the TypeScript sources as they are), Node 22 and 24 (installed into `.runtimes/`
 * by scripts/runtimes/install.sh, running an esbuild bundle) and workerd through miniflare (the bundle as a
 * Worker module, configured from bindings, flushing through `ctx.waitUntil`). Each sends to a fault server
 * on 127.0.0.1; the test checks what it stored: the events expected, route templates, no personal data.
 */
import {build, type BuildOptions} from 'esbuild';
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Miniflare} from 'miniflare';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {childOptions} from '../helpers/runtime.js';
import {BROWSER_UA} from '../helpers/umami.js';
import {EXPECTED_EVENTS, REQUESTS} from './fixtures/app.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = `${root}test/runtimes/fixtures/`;
const out = `${root}.tmp/runtimes/`;
const WEBSITE = '0b6a5d3e-8a1f-4c57-9e2d-3f4a5b6c7d8e';
const BUN = `${root}node_modules/@oven/bun-linux-x64/bin/bun`;
const DENO = `${root}node_modules/@deno/linux-x64-glibc/deno`;
const node = (major: number) => `${root}.runtimes/node_modules/node${major}/bin/node`;

const SANITIZED = [
	'mail [REDACTED_EMAIL] now',
	'card [REDACTED_CARD] exp 12/29',
	'call [REDACTED_PHONE]',
	'Authorization: Bearer [REDACTED_JWT]',
];
const PII = /8812734|s3cr3t|token|jane|example\.com/;

let umami: FaultServer;

beforeAll(async () => {
	umami = await startFaultServer();
	mkdirSync(out, {recursive: true});
	const common: BuildOptions = {
		bundle: true,
		format: 'esm',
		platform: 'neutral',
		mainFields: ['module', 'main'],
		target: 'es2022',
		logLevel: 'warning',
	};
	await Promise.all([
		build({...common, entryPoints: [`${fixtures}scenario.ts`], outfile: `${out}scenario.mjs`}),
		build({...common, entryPoints: [`${fixtures}worker.ts`], outfile: `${out}worker.mjs`}),
	]);
	if (!existsSync(node(22)) || !existsSync(node(24))) {
		execFileSync('bash', [`${root}scripts/runtimes/install.sh`], {
			stdio: ['ignore', 'ignore', 'inherit'],
			timeout: 180_000,
		});
	}
}, 240_000);
afterAll(async () => {
	await umami.close();
});
beforeEach(() => {
	umami.reset();
});

interface ScenarioOutput {
	runtime: string;
	sanitized: string[];
	responses: {path: string; status: number; body: string}[];
	flushed: {sent: number; failed: number; dropped: number; pending: number; droppedTotal: number};
	aborted: boolean;
}

function run(command: string, args: string[]): Promise<{output: ScenarioOutput; stderr: string}> {
	return new Promise((resolve, reject) => {
		execFile(command, args, childOptions(root), (error, stdout, stderr) => {
			if (error) return reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
			const line = stdout.trim().split('\n').at(-1) ?? '';
			resolve({output: JSON.parse(line) as ScenarioOutput, stderr});
		});
	});
}

/** What every runtime must have sent, read from the fault server. */
function expectStored(abortedStream = false): void {
	const events = umami.stored.map((entry) => entry.event.payload ?? {});
	if (abortedStream) {
		const index = events.findIndex((event) => event['url'] === '/plain/endless');
		expect(events[index]?.['data']).toMatchObject({status: 200, aborted: true});
		events.splice(index, 1);
	}
	expect(events).toHaveLength(EXPECTED_EVENTS);
	const byUrl = Object.fromEntries(
		events.map((event) => [String(event['url']), event['data'] as Record<string, unknown>]),
	);
	expect(Object.keys(byUrl).sort()).toEqual([
		'/hono/boom',
		'/hono/users/:id?utm_source=runtime',
		'/plain/people/[REDACTED_EMAIL]',
		'/plain/stream',
	]);
	expect(byUrl['/hono/users/:id?utm_source=runtime']).toMatchObject({status: 200, route: '/hono/users/:id'});
	expect(byUrl['/hono/boom']).toMatchObject({status: 500, error: true});
	expect(byUrl['/plain/people/[REDACTED_EMAIL]']).toMatchObject({status: 404});
	expect(byUrl['/plain/stream']!['duration_ms']).toBeGreaterThanOrEqual(100);
	expect(JSON.stringify(events)).not.toMatch(PII);
}

function expectScenario(output: ScenarioOutput, runtime: RegExp, overHttp: boolean): void {
	expect(output.runtime).toMatch(runtime);
	expect(output.sanitized).toEqual(SANITIZED);
	expect(output.responses.map((response) => [response.path, response.status])).toEqual(
		REQUESTS.map((path, index) => [path, [200, 500, 404, 200, 200][index]]),
	);
	expect(output.responses[3]!.body).toBe('chunk\nchunk\nchunk\n');
	const sent = EXPECTED_EVENTS + (overHttp ? 1 : 0);
	expect(output.aborted).toBe(overHttp);
	expect(output.flushed).toEqual({sent, failed: 0, dropped: 0, pending: 0, droppedTotal: expect.any(Number)});
	expectStored(overHttp);
}

describe('runtimes', () => {
	it('Bun: Bun.serve on 127.0.0.1 (incl. a client leaving mid-stream), TypeScript sources as they are', async () => {
		const {output} = await run(BUN, ['run', `${fixtures}scenario.ts`, umami.url, WEBSITE]);
		expectScenario(output, /^bun 1\./, true);
	});

	it('Deno: Deno.serve on 127.0.0.1 (incl. a client leaving mid-stream), sloppy imports, no warnings', async () => {
		const {output, stderr} = await run(DENO, [
			'run',
			'--allow-net=127.0.0.1',
			'--allow-env',
			'--allow-read',
			'--unstable-sloppy-imports',
			'--quiet',
			`${fixtures}scenario.ts`,
			umami.url,
			WEBSITE,
		]);
		expectScenario(output, /^deno 2\./, true);
		expect(stderr).not.toMatch(/request\.signal|warning/i);
	});

	for (const major of [22, 24]) {
		it(`Node ${major}: the esbuild bundle`, async () => {
			const {output} = await run(node(major), [`${out}scenario.mjs`, umami.url, WEBSITE]);
			expectScenario(output, new RegExp(`^node v${major}\\.`), false);
		});
	}

	it('workerd (miniflare): a Worker module configured from bindings, flushing through ctx.waitUntil', async () => {
		const worker = new Miniflare({
			modules: true,
			scriptPath: `${out}worker.mjs`,
			compatibilityDate: '2025-01-01',
			bindings: {UMAMI_WEBSITE_ID: WEBSITE, UMAMI_API_URL: umami.url},
		});
		try {
			const samples = (await (await worker.dispatchFetch('http://localhost/__samples')).json()) as {
				runtime: string;
				sanitized: string[];
			};
			expect(samples).toEqual({runtime: 'Cloudflare-Workers', sanitized: SANITIZED});
			const statuses: number[] = [];
			for (const path of REQUESTS) {
				const response = await worker.dispatchFetch(`http://localhost${path}`, {
					headers: {'user-agent': BROWSER_UA},
				});
				await response.text();
				statuses.push(response.status);
			}
			expect(statuses).toEqual([200, 500, 404, 200, 200]);
			// Nobody calls flush(): the events arrive because the Worker handed each flush to ctx.waitUntil.
			for (let waited = 0; umami.stored.length < EXPECTED_EVENTS && waited < 10_000; waited += 50) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			expectStored();
		} finally {
			await worker.dispose();
		}
	});
});
