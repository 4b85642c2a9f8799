/**
 * Scenario 6's server process: a hello-world Express 5 or Fastify 5 app on 127.0.0.1, bare or with request
 * tracking (umami-guard's integration, or @umami/node called from a hand-written middleware, since it ships
 * none), sending to the sink. The driver talks to it over IPC: `eld-start` / `eld-stop` bracket an
 * event-loop-delay measurement (perf_hooks.monitorEventLoopDelay, 1 ms resolution).
 */
import {monitorEventLoopDelay, type IntervalHistogram} from 'node:perf_hooks';
import type {AddressInfo} from 'node:net';
import type {Server} from 'node:http';
import {input} from '../lib.js';
import {createPeer, WEBSITE_ID} from '../peers.js';

export type Framework = 'express' | 'fastify';
export type Variant = 'none' | 'umami-guard' | '@umami/node';

const {framework, variant, sinkUrl} = input<{framework: Framework; variant: Variant; sinkUrl: string}>();

const guard =
	variant === 'umami-guard'
		? await (async () => {
				const {resolveConfig, UmamiAnalytics} = await import('../../dist/index.js');
				const options = {websiteId: WEBSITE_ID, apiUrl: sinkUrl, configFile: false as const, env: {}};
				return new UmamiAnalytics(resolveConfig('bench', options));
			})()
		: undefined;
const umamiNode = variant === '@umami/node' ? createPeer('@umami/node', sinkUrl) : undefined;
let index = 0;

let server: Server;
if (framework === 'express') {
	const {default: express} = await import('express');
	const app = express();
	if (guard) {
		const {umamiExpress} = await import('../../dist/express.js');
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
		const {umamiFastify} = await import('../../dist/fastify.js');
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
process.on('message', (message: {cmd: string}) => {
	if (message.cmd === 'eld-start') {
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
process.send?.({cmd: 'ready', port: (server.address() as AddressInfo).port});
