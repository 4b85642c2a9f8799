/**
 * A real Next.js app: the fixture test/fixtures/next-app (App Router: a page with a dynamic segment, a route
 * handler wrapped by `withUmamiRoute` flushing through `after`, the docs' middleware with `umamiMiddleware` on
 * the Edge runtime), copied to .tmp/next-app with `umami-guard` linked to this checkout, built once with
 * `next build` (the Next.js of devDependencies, no network) and served by `next start` on 127.0.0.1. Requests
 * go over real HTTP; a fault server on 127.0.0.1 stands in for Umami, configured from the environment as an
 * app would be. Needs `npm run build` first (the fixture imports the package, i.e. dist/).
 *
 * `UMAMI_NEXT_MIDDLEWARE_RUNTIME=nodejs` builds the middleware for the Node.js runtime instead.
 */
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {createServer, type AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {send, type Answer} from '../helpers/tracked-apps.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = `${root}.tmp/next-app/`;
const NEXT = `${root}node_modules/next/dist/bin/next`;
const WEBSITE = '0b6a5d3e-8a1f-4c57-9e2d-3f4a5b6c7d8e';
const runtime = process.env['UMAMI_NEXT_MIDDLEWARE_RUNTIME'] === 'nodejs' ? 'nodejs' : 'edge';

let umami: FaultServer;
let server: ChildProcess | undefined;
let base = '';
let serverLog = '';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const {port} = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/** The fixture copied to .tmp/next-app, `umami-guard` resolving to this checkout, the middleware's runtime set. */
function prepareApp(): void {
	if (!existsSync(`${root}dist/next.js`)) throw new Error('dist/ is missing: run `npm run build` first');
	rmSync(app, {recursive: true, force: true});
	cpSync(`${root}test/fixtures/next-app`, app, {recursive: true});
	mkdirSync(`${app}node_modules`);
	symlinkSync(root, `${app}node_modules/umami-guard`, 'dir');
	const middleware = `${app}middleware.js`;
	if (runtime === 'nodejs') {
		writeFileSync(
			middleware,
			readFileSync(middleware, 'utf8').replace('config = {', "config = {runtime: 'nodejs',"),
		);
	}
}

function appEnv(): NodeJS.ProcessEnv {
	return {
		...process.env,
		NEXT_TELEMETRY_DISABLED: '1',
		// Next.js's own SIGTERM handler exits at once (docs/integrations.md, shutdown of next start).
		NEXT_MANUAL_SIG_HANDLE: '1',
		UMAMI_WEBSITE_ID: WEBSITE,
		UMAMI_API_URL: umami.url,
	};
}

function nextBuild(): Promise<void> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[NEXT, 'build'],
			{cwd: app, env: appEnv(), maxBuffer: 16 << 20},
			(error, stdout, stderr) => {
				if (error) reject(new Error(`next build failed: ${error.message}\n${stdout}\n${stderr}`));
				else resolve();
			},
		);
	});
}

/** One request to the app over `node:http` (which, unlike `fetch`, sends the `Host` header given). */
function request(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
	return send(base, path, {method, headers});
}

async function startServer(): Promise<void> {
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	server = spawn(process.execPath, [NEXT, 'start', '-H', '127.0.0.1', '-p', String(port)], {
		cwd: app,
		env: appEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	server.stdout?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
	server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
	for (let attempt = 0; attempt < 600; attempt++) {
		if (server.exitCode !== null) throw new Error(`next start exited ${server.exitCode}:\n${serverLog}`);
		const up = await request('GET', '/api/ready').then(
			() => true,
			() => false,
		);
		if (up) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`next start did not answer:\n${serverLog}`);
}

/** The payloads stored once `count` events have arrived (or what there is after 30 s). */
async function storedEvents(count: number): Promise<Record<string, unknown>[]> {
	for (let attempt = 0; attempt < 300 && umami.stored.length < count; attempt++) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return umami.stored.map((stored) => stored.event.payload!);
}

beforeAll(async () => {
	umami = await startFaultServer();
	prepareApp();
	await nextBuild();
	await startServer();
	umami.reset();
}, 900_000);

afterAll(async () => {
	if (server && server.exitCode === null && server.signalCode === null) {
		const exited = new Promise((resolve) => server!.once('exit', resolve));
		server.kill('SIGTERM');
		await exited;
	}
	await umami?.close();
});

describe(`a real Next.js app (next build + next start, middleware on the ${runtime} runtime)`, () => {
	it('withUmamiRoute stores the route template, the visited host and flushes through after()', async () => {
		umami.reset();
		const answer = await request('GET', '/api/items/12345?utm_source=e2e&email=jane@example.com', {
			host: 'shop.example.com',
		});
		expect(answer).toEqual({status: 200, body: '{"id":"12345"}'});
		const events = await storedEvents(1);
		expect(events).toMatchObject([
			{
				url: '/api/items/[id]?utm_source=e2e',
				hostname: 'shop.example.com',
				data: {method: 'GET', status: 200, route: '/api/items/[id]'},
			},
		]);
		expect(JSON.stringify(events)).not.toMatch(/12345|jane/);
	});

	// EDGE: on the Edge runtime this test needs the core to call no Node function that Next's sandbox replaces
	// with one that throws: `process.on` at construction (every matched page answered 500), and `setImmediate`
	// before a batch (`yieldToLoop`: nothing was ever delivered, "cannot reach Umami … (network error)").
	// With UMAMI_NEXT_MIDDLEWARE_RUNTIME=nodejs it passes on its own.
	it('umamiMiddleware records visits (a soft navigation too) but not prefetches or HEAD', async () => {
		umami.reset();
		const page = await request('GET', '/users/alice@example.com?utm_source=e2e&session=s3cr3t', {
			host: 'shop.example.com',
			'accept-language': 'de-DE,de;q=0.9',
		});
		expect(page.status, serverLog).toBe(200);
		const prefetch = await request('GET', '/users/2?_rsc=pf1', {rsc: '1', 'next-router-prefetch': '1'});
		expect(prefetch.status).toBe(200);
		expect((await request('HEAD', '/users/4')).status).toBe(200);
		const navigation = await request('GET', '/users/3?_rsc=nav1', {rsc: '1', host: 'shop.example.com'});
		expect(navigation.status).toBe(200);

		// Each page view is flushed on its own (through event.waitUntil): their order of arrival is not fixed.
		const events = (await storedEvents(2)).sort((a, b) => (String(a['url']) < String(b['url']) ? -1 : 1));
		expect(events).toMatchObject([
			{url: '/users/3', hostname: 'shop.example.com'},
			{url: '/users/[REDACTED_EMAIL]?utm_source=e2e', hostname: 'shop.example.com', language: 'de-DE'},
		]);
		expect(events).toHaveLength(2);
		expect(JSON.stringify(events)).not.toMatch(/alice|s3cr3t|_rsc|127\.0\.0\.1|localhost/);
	});

	// Last: it stops the server.
	it('NEXT_MANUAL_SIG_HANDLE=1 and exitHooks: true deliver on SIGTERM what waited for the timer', async () => {
		umami.reset();
		expect(await request('GET', '/api/queued/555')).toEqual({status: 200, body: 'queued'});
		expect(umami.stored).toHaveLength(0);
		const exited = new Promise((resolve) => server!.once('exit', resolve));
		server!.kill('SIGTERM');
		await exited;
		expect(umami.stored.map((stored) => stored.event.payload!['url'])).toEqual(['/api/queued/[id]']);
	});
});
