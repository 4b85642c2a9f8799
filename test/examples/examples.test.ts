/**
 * Every example in examples/ runs as a user would run it (`npx tsx examples/…/server.ts --self-test`),
 * importing the package by its name (resolved through the package's own `exports`, hence `dist/`), and
 * sends to the fault-injecting fake Umami; the test checks what was stored: route templates, redaction
 * markers, and none of the personal data the self-test traffic carries.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

/** Events as `name url` (`pageview url` for page views), the order not significant. */
const SERVER_EVENTS = [
	'pageview /users/:id?utm_source=example',
	'pageview /signup',
	'signup /', // tracked by the handler, without a url
	'pageview /people/[REDACTED_EMAIL]',
];

interface Example {
	readonly name: string;
	readonly file: string;
	readonly events: readonly string[];
}

const EXAMPLES: readonly Example[] = [
	{name: 'express', file: 'examples/express/server.ts', events: SERVER_EVENTS},
	{name: 'fastify', file: 'examples/fastify/server.ts', events: SERVER_EVENTS},
	{name: 'hono', file: 'examples/hono/server.ts', events: SERVER_EVENTS},
	{name: 'koa', file: 'examples/koa/server.ts', events: SERVER_EVENTS},
	{
		name: 'nestjs',
		file: 'examples/nestjs/server.ts',
		events: [
			'pageview /users/:id?utm_source=example',
			'signup /signup',
			'signup_details /',
			'pageview /people/[REDACTED_EMAIL]',
		],
	},
	{
		name: 'next-route',
		file: 'examples/next-route/run.ts',
		events: [
			'pageview /api/users/[id]?utm_source=example',
			'users.update /api/users/[id]',
			'profile_updated /',
		],
	},
	{
		name: 'fetch-worker',
		file: 'examples/fetch-worker/run.ts',
		events: [
			// A plain fetch handler knows no template: a number stays, a UUID is redacted.
			'pageview /users/8812734?utm_source=example',
			'pageview /users/[REDACTED_UUID]',
			'pageview /people/[REDACTED_EMAIL]',
		],
	},
	{
		name: 'plain-node',
		file: 'examples/plain-node/server.ts',
		events: ['pageview /reset/[REDACTED_EMAIL]?token=[REDACTED]', 'signup /', 'identify /', 'export /'],
	},
];

/** Personal data in the self-test traffic that must never reach Umami. */
const SECRETS = ['jane', 'example.com', 's3cr3t', '3f2b8c1e-9d4a-4e6b-8f1a-2c3d4e5f6a7b'];

interface Outcome {
	readonly stdout: string;
	readonly stderr: string;
	readonly code: number;
}

async function runExample(file: string, env: Record<string, string>): Promise<Outcome> {
	const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('UMAMI_')));
	try {
		const {stdout, stderr} = await run('npx', ['tsx', file, '--self-test'], {
			cwd: root,
			env: {...base, ...env},
			timeout: 60_000,
		});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as {stdout?: string; stderr?: string; code?: number};
		return {stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error), code: failed.code ?? 1};
	}
}

/** The self-test's JSON line (the last line of stdout). */
function report(outcome: Outcome): {example: string; stats: Record<string, unknown>} {
	const last = outcome.stdout.trim().split('\n').at(-1) ?? '';
	return JSON.parse(last) as {example: string; stats: Record<string, unknown>};
}

function describeEvent(event: {type?: unknown; payload?: Record<string, unknown>}): string {
	const url = new URL(String(event.payload?.['url']), 'http://x');
	const path = decodeURI(url.pathname) + decodeURIComponent(url.search);
	if (event.type === 'identify') return `identify ${path}`;
	return `${String(event.payload?.['name'] ?? 'pageview')} ${path}`;
}

describe('examples', {timeout: 90_000}, () => {
	const servers = new Map<string, FaultServer>();
	const outcomes = new Map<string, Outcome>();

	beforeAll(async () => {
		if (!existsSync(`${root}dist/index.js`)) {
			await run('npx', ['tsup'], {cwd: root, timeout: 180_000});
		}
		for (const example of EXAMPLES) servers.set(example.name, await startFaultServer());
		// Two at a time: each is a tsx process, and the machine may be small.
		const queue = [...EXAMPLES];
		await Promise.all(
			[0, 1].map(async () => {
				for (let example = queue.shift(); example; example = queue.shift()) {
					const server = servers.get(example.name)!;
					const env = {UMAMI_API_URL: server.url, UMAMI_WEBSITE_ID: WEBSITE};
					outcomes.set(example.name, await runExample(example.file, env));
				}
			}),
		);
	}, 240_000);

	afterAll(async () => {
		await Promise.all([...servers.values()].map((server) => server.close()));
	});

	it.each(EXAMPLES)('$name: runs, sends sanitized events, exits 0', ({name, events}) => {
		const outcome = outcomes.get(name)!;
		expect(outcome.code, outcome.stderr).toBe(0);
		const {example, stats} = report(outcome);
		expect(example).toBe(name);
		expect(stats).toMatchObject({enabled: true, sent: events.length, droppedTotal: 0});
		const stored = servers.get(name)!.stored;
		expect(stored.map((s) => describeEvent(s.event)).sort()).toEqual([...events].sort());
		for (const {event} of stored) expect(event.payload?.['website']).toBe(WEBSITE);
		const text = JSON.stringify(stored.map((s) => s.event)).toLowerCase();
		for (const secret of SECRETS) expect(text).not.toContain(secret);
		expect(outcome.stdout.toLowerCase()).not.toContain('s3cr3t');
	});

	it('integration events carry method, status and duration; custom events their sanitized properties', () => {
		const stored = servers.get('express')!.stored.map((s) => s.event.payload ?? {});
		const user = stored.find((p) => String(p['url']).startsWith('/users/'));
		expect(user?.['data']).toMatchObject({method: 'GET', status: 200, route: '/users/:id'});
		expect(typeof (user?.['data'] as Record<string, unknown>)['duration_ms']).toBe('number');
		const signup = stored.find((p) => p['name'] === 'signup');
		expect(signup?.['data']).toEqual({plan: 'pro', email: '[REDACTED_EMAIL]'});
	});

	it('with nothing configured the example still runs: disabled, one warning, exit 0', async () => {
		const outcome = await runExample('examples/express/server.ts', {});
		expect(outcome.code, outcome.stderr).toBe(0);
		expect(report(outcome).stats).toMatchObject({enabled: false, tracked: 0, sent: 0});
		expect(outcome.stderr.match(/analytics disabled/g)).toHaveLength(1);
	});
});
