/**
 * Scenario 6's server process: a hello-world Express 5 or Fastify 5 app on 127.0.0.1, bare or with request
 * tracking (umami-guard's integration, or @umami/node called from a hand-written middleware, since it ships
 * none), sending to the sink. The driver talks to it over IPC: `eld-start` / `eld-stop` bracket an
 * event-loop-delay measurement (perf_hooks.monitorEventLoopDelay, 1 ms resolution), `cpu-start` /
 * `cpu-stop` the CPU time this process used (user + system, µs).
 */
import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {BASELINE, BASELINE_DIR} from '../baseline.js';
import {input} from '../lib.js';

export type Framework = 'express' | 'fastify';
export type Variant = 'none' | 'umami-guard' | '@umami/node' | typeof BASELINE;

const {framework, variant, sinkUrl} = input<{framework: Framework; variant: Variant; sinkUrl: string}>();
/**
 * The build under test: `dist/`, or another build directory named by `BENCH_DIST`; the baseline variant's is
 * `BENCH_BASELINE` (bench/baseline.ts).
 */
const build = variant === BASELINE ? BASELINE_DIR : process.env['BENCH_DIST'];
const dist = pathToFileURL(`${resolve(build ?? fileURLToPath(new URL('../../dist', import.meta.url)))}/`);

/** bench/peers.ts's WEBSITE_ID (not imported: see below). */
const BENCH_WEBSITE_ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

const guard =
	variant === 'umami-guard' || variant === BASELINE
		? await (async () => {
				const {resolveConfig, UmamiAnalytics} = (await import(
					new URL('index.js', dist).href
				)) as typeof import('../../dist/index.js');
				const options = {websiteId: BENCH_WEBSITE_ID, apiUrl: sinkUrl, configFile: false as const, env: {}};
				return new UmamiAnalytics(resolveConfig('bench', options));
			})()
		: undefined;
// bench/peers.ts loads dist/ itself: imported only for the peer, so a BENCH_DIST run never reads dist/.
const umamiNode =
	variant === '@umami/node' ? (await import('../peers.js')).createPeer('@umami/node', sinkUrl) : undefined;
let index = 0;

let server: Server;
if (framework === 'express') {
	const {default: express} = await import('express');
	const app = express();
	if (guard) {
		const {umamiExpress} = (await import(
			new URL('express.js', dist).href
		)) as typeof import('../../dist/express.js');
		app.use(umamiExpress(guard));
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
	server = await new Promise<Server>((resolve) => {
		const s = app.listen(0, '127.0.0.1', () => resolve(s));
	});
} else {
	const {default: fastify} = await import('fastify');
	const app = fastify({logger: false});
	if (guard) {
		const {umamiFastify} = (await import(
			new URL('fastify.js', dist).href
		)) as typeof import('../../dist/fastify.js');
		await app.register(umamiFastify, {analytics: guard});
	}
	if (umamiNode) {
		app.addHook('onResponse', (_request, _reply, done) => {
			umamiNode.track(index++);
			done();
		});
	}
	app.get('/', async () => ({hello: 'world'}));
	await app.listen({port: 0, host: '127.0.0.1'});
	server = app.server;
}

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
	} else if (message.cmd === 'stats') {
		process.send?.({cmd: 'stats', tracked: guard?.stats().tracked ?? index});
	}
});
process.on('disconnect', () => process.exit(0));
// An orderly exit on kill, so that a `--cpu-prof` profile is written (BENCH_PROFILE).
process.on('SIGTERM', () => process.exit(0));
process.send?.({cmd: 'ready', port: (server.address() as AddressInfo).port, pid: process.pid});
