/**
 * CPU per tracked request of the Express middleware and the Fastify hooks, without the framework and without
 * a load generator: each request is a fake request/response pair (an `EventEmitter` response that emits
 * `close`) handed to the adapter, 200,000 of them, then the queue is flushed to the benchmark sink in its own
 * process, so the figure includes building, sanitizing, queueing, serializing and sending each event. The
 * server benchmark (`npm run bench -- --only middleware`) measures the same code inside real apps, where
 * the framework's own variance on this shared machine is larger than the integration's cost. Pinned like
 * the other benchmarks (this process CPU 0, the sink CPU 1) where `taskset` exists. Asserts nothing.
 *
 *   npm run build && npx tsx bench/adapter-cost.ts [--rounds 3] [--requests 200000]
 */
import {EventEmitter} from 'node:events';
import {parseArgs} from 'node:util';
import {median} from './lib.js';
import {startPinnedSink} from './sink.js';

const {values} = parseArgs({
	options: {rounds: {type: 'string', default: '3'}, requests: {type: 'string', default: '200000'}},
});
const rounds = Number(values.rounds);
const requests = Number(values.requests);

const {sink, pinned} = await startPinnedSink();

const dist = new URL('../dist/', import.meta.url);
const {resolveConfig, UmamiAnalytics} = (await import(
	new URL('index.js', dist).href
)) as typeof import('../dist/index.js');
const {umamiExpress} = (await import(
	new URL('express.js', dist).href
)) as typeof import('../dist/express.js');
const {umamiFastify} = (await import(
	new URL('fastify.js', dist).href
)) as typeof import('../dist/fastify.js');

const headers = {
	host: 'shop.example.com',
	'accept-language': 'en-US,en;q=0.9',
	'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0',
};
const noop = (): void => undefined;
type Hook = (request: unknown, reply: unknown, done: () => void) => void;

/** A fresh instance and one tracked request of `framework` per call of the returned function. */
function adapter(framework: 'express' | 'fastify'): {
	analytics: InstanceType<typeof UmamiAnalytics>;
	one: (i: number) => void;
} {
	const analytics = new UmamiAnalytics(
		resolveConfig(`bench-${framework}`, {
			websiteId: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01',
			apiUrl: sink.url,
			configFile: false,
			env: {},
			queueSize: requests + 50_000,
		}),
	);
	const response = (): EventEmitter & {statusCode: number; writableFinished: boolean} =>
		Object.assign(new EventEmitter(), {statusCode: 200, writableFinished: true});
	if (framework === 'express') {
		const middleware = umamiExpress(analytics);
		return {
			analytics,
			one: () => {
				const res = response();
				const req = {method: 'GET', url: '/products/7', originalUrl: '/products/7', baseUrl: '', headers};
				middleware(Object.assign(req, {route: {path: '/products/:id'}}), res, noop);
				res.emit('close');
			},
		};
	}
	const hooks = new Map<string, Hook>();
	umamiFastify({addHook: (name: string, hook: unknown) => hooks.set(name, hook as Hook)}, {analytics}, noop);
	const onRequest = hooks.get('onRequest')!;
	return {
		analytics,
		one: (i) => {
			const raw = response();
			const request = {
				method: 'GET',
				url: '/products/7',
				ip: '127.0.0.1',
				headers,
				routeOptions: {url: '/products/:id'},
				raw: {},
			};
			const reply = {raw, statusCode: 200, elapsedTime: 0.05 + (i % 100) / 1000, request};
			onRequest(request, reply, noop);
			raw.emit('close');
		},
	};
}

/** CPU µs per request over `requests` requests (in slices of 500 per macrotask, so delivery interleaves), flush included. */
async function measure(framework: 'express' | 'fastify'): Promise<number> {
	const {analytics, one} = adapter(framework);
	for (let i = 0; i < 20_000; i++) one(i); // warm-up
	await analytics.flush();
	const from = process.cpuUsage();
	let i = 0;
	await new Promise<void>((resolve) => {
		const slice = (): void => {
			for (let k = 0; k < 500 && i < requests; k++, i++) one(i);
			if (i < requests) setImmediate(slice);
			else resolve();
		};
		slice();
	});
	await analytics.flush();
	const used = process.cpuUsage(from);
	const {sent} = analytics.stats();
	await analytics.shutdown();
	if (sent !== requests + 20_000) throw new Error(`${framework}: ${sent} of ${requests + 20_000} delivered`);
	return (used.user + used.system) / requests;
}

const results = new Map<string, number[]>([
	['express', []],
	['fastify', []],
]);
for (let round = 0; round < rounds; round++) {
	for (const framework of round % 2 === 0
		? (['express', 'fastify'] as const)
		: (['fastify', 'express'] as const))
		results.get(framework)?.push(await measure(framework));
}
await sink.close();
console.log(
	`${requests} tracked requests per run, ${rounds} rounds, delivered to the sink; pinning: ${pinned ? 'this process CPU 0, sink CPU 1' : 'none'}\n`,
);
console.log('| adapter | CPU µs per tracked request, median (range) |\n| --- | ---: |');
for (const [framework, us] of results)
	console.log(
		`| ${framework} | ${median(us).toFixed(2)} (${Math.min(...us).toFixed(2)}–${Math.max(...us).toFixed(2)}) |`,
	);
process.exit(0);
