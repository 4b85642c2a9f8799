/**
 * Scenario 6's server process: an Express 5, Fastify 5, Koa 3 (with `@koa/router`) or Hono 4 (on
 * `@hono/node-server`) app on 127.0.0.1, bare or with request tracking (umami-guard's integration, or
 * @umami/node called from a hand-written middleware, since it ships none), sending to the sink. Two routes:
 * `GET /` is hello-world (`{hello: 'world'}`); `GET /orders/:id` is a realistic one: it waits 1 ms (a
 * database call's worth, `setTimeout`) and answers ~20 KB of JSON. The driver talks to it over IPC:
 * `eld-start` / `eld-stop` bracket an event-loop-delay measurement (perf_hooks.monitorEventLoopDelay, 1 ms
 * resolution), `cpu-start` / `cpu-stop` the CPU time this process used (user + system, µs).
 */
import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {resolve} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {BASELINE, BASELINE_DIR} from '../baseline.js';
import {input} from '../lib.js';

export type Framework = 'express' | 'fastify' | 'koa' | 'hono';
/**
 * `umami-guard (no delivery)` is this build's integration with the instance's `trackPageView`/`trackEvent`
 * replaced by no-ops: what the integration itself adds per request, without the event's sanitizing, queueing
 * and delivery (bench/server-cpu.ts `--split`).
 */
export type Variant = 'none' | 'umami-guard' | typeof NO_DELIVERY | '@umami/node' | typeof BASELINE;
const NO_DELIVERY = 'umami-guard (no delivery)';
/**
 * How far a tracked request goes, to split its cost (`bench/server-stages.ts`): `middleware` stops at
 * the analytics call (the adapter's own per-request share), `built` builds and sanitizes each event and drops
 * it in `beforeSend` (no queueing, serialization or sending), `delivered` (default) sends it to the sink.
 */
export type Stage = 'middleware' | 'built' | 'delivered';

const {
	framework,
	variant,
	sinkUrl,
	stage = 'delivered',
} = input<{framework: Framework; variant: Variant; sinkUrl: string; stage?: Stage}>();
/**
 * The build under test: `dist/`, or another build directory named by `BENCH_DIST`; the baseline variant's is
 * `BENCH_BASELINE` (bench/baseline.ts).
 */
const build = variant === BASELINE ? BASELINE_DIR : process.env['BENCH_DIST'];
const dist = pathToFileURL(`${resolve(build ?? fileURLToPath(new URL('../../dist', import.meta.url)))}/`);
const load = async <T>(file: string): Promise<T> => (await import(new URL(file, dist).href)) as T;

/** bench/peers.ts's WEBSITE_ID (not imported: see below). */
const BENCH_WEBSITE_ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

const guard =
	variant === 'umami-guard' || variant === BASELINE || variant === NO_DELIVERY
		? await (async () => {
				const {resolveConfig, UmamiAnalytics} = await load<typeof import('../../dist/index.js')>('index.js');
				const options = {
					websiteId: BENCH_WEBSITE_ID,
					apiUrl: sinkUrl,
					configFile: false as const,
					env: {},
					...(stage === 'built' ? {beforeSend: () => null} : {}),
				};
				const analytics = new UmamiAnalytics(resolveConfig('bench', options));
				if (variant === NO_DELIVERY || stage === 'middleware') {
					analytics.trackPageView = () => undefined;
					analytics.trackEvent = () => undefined;
				}
				return analytics;
			})()
		: undefined;
// bench/peers.ts loads dist/ itself: imported only for the peer, so a BENCH_DIST run never reads dist/.
const umamiNode =
	variant === '@umami/node' ? (await import('../peers.js')).createPeer('@umami/node', sinkUrl) : undefined;
let index = 0;

/** What the realistic route answers: 100 order lines, ~20 KB once serialized (built once; serialized per request). */
const ORDER_LINES = Array.from({length: 100}, (_, i) => ({
	sku: `SKU-${String(100_000 + i)}`,
	name: `Product number ${i} with a reasonably long display name`,
	quantity: 1 + (i % 5),
	unitPrice: 9.99 + i,
	currency: 'EUR',
	warehouse: `WH-${i % 7}`,
	tags: ['catalog', 'summer', `batch-${i % 13}`],
}));
async function order(id: string): Promise<object> {
	await sleep(1);
	return {id, status: 'shipped', lines: ORDER_LINES};
}

async function expressServer(): Promise<Server> {
	const {default: express} = await import('express');
	const app = express();
	if (guard) {
		// As the README installs it: `initExpress` on an app with nothing registered yet.
		const {initExpress} = await load<typeof import('../../dist/express.js')>('express.js');
		initExpress(app, guard);
	}
	if (umamiNode) {
		app.use((_req, res, next) => {
			res.on('finish', () => umamiNode.track(index++));
			next();
		});
	}
	app.get('/', (_req, res) => {
		res.json({hello: 'world'});
	});
	app.get('/orders/:id', async (req, res) => {
		res.json(await order(req.params.id));
	});
	return new Promise<Server>((resolve) => {
		const s = app.listen(0, '127.0.0.1', () => resolve(s));
	});
}

async function fastifyServer(): Promise<Server> {
	const {default: fastify} = await import('fastify');
	const app = fastify({logger: false});
	if (guard) {
		const {umamiFastify} = await load<typeof import('../../dist/fastify.js')>('fastify.js');
		await app.register(umamiFastify, {analytics: guard});
	}
	if (umamiNode) {
		app.addHook('onResponse', (_request, _reply, done) => {
			umamiNode.track(index++);
			done();
		});
	}
	app.get('/', async () => ({hello: 'world'}));
	app.get<{Params: {id: string}}>('/orders/:id', async (request) => order(request.params.id));
	await app.listen({port: 0, host: '127.0.0.1'});
	return app.server;
}

async function koaServer(): Promise<Server> {
	const [{default: Koa}, {default: Router}] = await Promise.all([import('koa'), import('@koa/router')]);
	const app = new Koa();
	const router = new Router();
	if (guard) {
		const {umamiKoa} = await load<typeof import('../../dist/koa.js')>('koa.js');
		app.use(umamiKoa(guard));
	}
	if (umamiNode) {
		app.use(async (ctx, next) => {
			ctx.res.on('finish', () => umamiNode.track(index++));
			await next();
		});
	}
	router.get('/', (ctx) => {
		ctx.body = {hello: 'world'};
	});
	router.get('/orders/:id', async (ctx) => {
		ctx.body = await order(ctx.params['id'] ?? '');
	});
	app.use(router.routes());
	return new Promise<Server>((resolve) => {
		const s = app.listen(0, '127.0.0.1', () => resolve(s));
	});
}

async function honoServer(): Promise<Server> {
	const [{Hono}, {serve}] = await Promise.all([import('hono'), import('@hono/node-server')]);
	const app = new Hono();
	if (guard) {
		const {umamiHono} = await load<typeof import('../../dist/hono.js')>('hono.js');
		app.use(umamiHono(guard));
	}
	if (umamiNode) {
		app.use(async (_c, next) => {
			await next();
			umamiNode.track(index++);
		});
	}
	app.get('/', (c) => c.json({hello: 'world'}));
	app.get('/orders/:id', async (c) => c.json(await order(c.req.param('id'))));
	return new Promise<Server>((resolve) => {
		const s = serve({fetch: app.fetch, port: 0, hostname: '127.0.0.1'}, () => resolve(s as Server));
	});
}

const SERVERS: Record<Framework, () => Promise<Server>> = {
	express: expressServer,
	fastify: fastifyServer,
	koa: koaServer,
	hono: honoServer,
};
const server = await SERVERS[framework]();

let histogram: IntervalHistogram | undefined;
let cpuFrom: NodeJS.CpuUsage | undefined;
process.on('message', (message: {cmd: string}) => {
	if (message.cmd === 'cpu-start') {
		cpuFrom = process.cpuUsage();
		process.send?.({cmd: 'cpu-started'});
	} else if (message.cmd === 'cpu-stop') {
		const used = process.cpuUsage(cpuFrom);
		process.send?.({cmd: 'cpu', us: used.user + used.system});
	} else if (message.cmd === 'eld-start') {
		histogram = monitorEventLoopDelay({resolution: 1});
		histogram.enable();
		process.send?.({cmd: 'eld-started'});
	} else if (message.cmd === 'eld-stop' && histogram) {
		histogram.disable();
		process.send?.({
			cmd: 'eld',
			p99Ms: histogram.percentile(99) / 1e6,
			meanMs: histogram.mean / 1e6,
			maxMs: histogram.max / 1e6,
		});
	} else if (message.cmd === 'settle') {
		// Between the saturating and the paced run: deliver the backlog the saturating run left and collect its
		// garbage, so that the paced window measures a steady moderate load, not the debts of the run before it.
		void (async () => {
			await guard?.flush().catch(() => undefined);
			(globalThis as {gc?: () => void}).gc?.();
			process.send?.({cmd: 'settled'});
		})();
	} else if (message.cmd === 'stats') {
		process.send?.({cmd: 'stats', tracked: guard?.stats().tracked ?? index});
	}
});
process.on('disconnect', () => process.exit(0));
// An orderly exit on kill, so that a `--cpu-prof` profile is written (BENCH_PROFILE).
process.on('SIGTERM', () => process.exit(0));
process.send?.({cmd: 'ready', port: (server.address() as AddressInfo).port, pid: process.pid});
