/**
 * CPU per batch request, layer by layer, against Node's own floor: the same `POST /api/batch` body (the
 * client's own batch of `--batch` events, serialized per request) sent by
 *
 * - `node:http floor`: a bare `http.request` with a keep-alive agent (content-length, answer read to the end),
 *   nothing of ours;
 * - `createNodeFetch`: our requester;
 * - `createTransport`: the transport's `send` (request signal and timeout, batch body, answer classified);
 * - `client`: `trackEvent` in slices of 500 per macrotask then `flush()` (as `delivery-cost.ts` does), minus
 *   the same calls into an instance whose requests never end, measured in the same round: delivery only.
 *
 * Every subject keeps two requests open at once (the queue's default `maxInFlight`), to the benchmark sink in
 * its own process (pinned to CPU 1 and this process to CPU 0 where `taskset` exists); subjects alternate in
 * order over rounds, and the report gives the median CPU µs per request and each subject's median ratio to
 * the floor in the same round. What a layer adds over the one before is what there is to remove. Asserts
 * nothing.
 *
 *   npx tsx bench/request-floor.ts [--batch 100] [--requests 400] [--rounds 7]
 */
import * as http from 'node:http';
import * as https from 'node:https';
import {parseArgs} from 'node:util';
import {resolveConfig, UmamiAnalytics, type AnalyticsOptions, type UmamiEvent} from '../src/index.js';
import {createNodeFetch, createTransport} from '../src/transport/index.js';
import {median} from './lib.js';
import {properties, WEBSITE_ID} from './peers.js';
import {startPinnedSink} from './sink.js';

const {values} = parseArgs({
	options: {
		batch: {type: 'string', default: '100'},
		requests: {type: 'string', default: '400'},
		rounds: {type: 'string', default: '7'},
	},
});
const batch = Number(values.batch);
const requests = Math.max(2, Math.floor(Number(values.requests) / 2) * 2);
const rounds = Number(values.rounds);
const {sink, pinned} = await startPinnedSink();
const apiUrl = sink.url;

let next = 0;
/** A client to the sink; `extra` overrides the options. */
function client(extra: Partial<AnalyticsOptions>): UmamiAnalytics {
	const options: AnalyticsOptions = {
		websiteId: WEBSITE_ID,
		apiUrl,
		configFile: false,
		env: {},
		batchSize: batch,
		...extra,
	};
	return new UmamiAnalytics(resolveConfig('bench', options), options);
}
/** `count` calls, 500 per macrotask. */
function track(analytics: UmamiAnalytics, count: number): Promise<void> {
	return new Promise((done) => {
		let left = count;
		const slice = (): void => {
			for (let k = 0; k < 500 && left > 0; k++, left--)
				analytics.trackEvent('checkout', properties(next++), {url: '/pricing'});
			if (left > 0) setImmediate(slice);
			else done();
		};
		slice();
	});
}

// The events of one real batch, as the client built them (captured by a `fetch` that answers at once).
let captured = '[]';
const capturing = client({
	fetch: (_url, init) => {
		captured = String(init?.body);
		return Promise.resolve(new Response('{"size":0,"processed":0,"errors":0,"details":[]}'));
	},
});
await track(capturing, batch);
await capturing.flush();
const events = JSON.parse(captured) as UmamiEvent[];
const userAgent = resolveConfig('bench', {websiteId: WEBSITE_ID, apiUrl, configFile: false, env: {}})
	.transport.userAgent;
const headers = {'content-type': 'application/json', 'user-agent': userAgent};
const target = new URL(`${apiUrl}/api/batch`);
const agent = new http.Agent({keepAlive: true});
const encoder = new TextEncoder();

/** The floor: one bare keep-alive `http.request` of the batch body. */
const bare = (): Promise<void> =>
	new Promise((done, fail) => {
		const body = encoder.encode(JSON.stringify(events));
		const request = http.request(
			{
				hostname: target.hostname,
				port: Number(target.port),
				path: target.pathname,
				method: 'POST',
				agent,
				headers: {...headers, 'content-length': body.byteLength},
			},
			(response) => {
				response.resume();
				response.on('end', done);
			},
		);
		request.on('error', fail);
		request.end(body);
	});
const fetchLike = createNodeFetch({http, https});
const transport = createTransport({
	apiUrl,
	fetch: fetchLike,
	timeoutMs: 10_000,
	userAgent,
	headers: {},
	endpoint: 'batch',
	maxRetryAfterMs: 60_000,
});
const never = new AbortController().signal;

/** CPU µs per request of `one`, `requests` of them, two open at once. */
async function perRequest(one: () => Promise<unknown>): Promise<number> {
	const chain = async (count: number): Promise<void> => {
		for (let index = 0; index < count; index++) await one();
	};
	const from = process.cpuUsage();
	await Promise.all([chain(requests / 2), chain(requests / 2)]);
	const used = process.cpuUsage(from);
	return (used.user + used.system) / requests;
}

const delivering = client({queueSize: 4 * requests * batch});
const holding: UmamiAnalytics[] = [];
/** The client's delivery per request: tracked and delivered, minus the calls alone (same count). */
async function clientPerRequest(): Promise<number> {
	const from = process.cpuUsage();
	await track(delivering, requests * batch);
	await delivering.flush();
	const used = process.cpuUsage(from);
	const quiet = client({
		batchSize: 1000,
		flushIntervalMs: 3_600_000,
		fetch: () => new Promise(() => {}),
		logger: {},
	});
	holding.push(quiet);
	const fromCalls = process.cpuUsage();
	await track(quiet, requests * batch);
	const calls = process.cpuUsage(fromCalls);
	return (used.user + used.system - calls.user - calls.system) / requests;
}

const subjects: [string, () => Promise<number>][] = [
	['node:http floor', () => perRequest(bare)],
	[
		'createNodeFetch',
		() =>
			perRequest(() =>
				fetchLike(target.href, {method: 'POST', headers, body: JSON.stringify(events)}).then((answer) =>
					answer.text(),
				),
			),
	],
	['createTransport', () => perRequest(() => transport.send(events, never))],
	['client', clientPerRequest],
];
for (const [, measure] of subjects) await measure(); // warm-up
const cpu = new Map<string, number[]>(subjects.map(([name]) => [name, []]));
const ratios = new Map<string, number[]>(subjects.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
	const got = new Map<string, number>();
	for (const [name, measure] of round % 2 === 0 ? subjects : [...subjects].reverse())
		got.set(name, await measure());
	for (const [name, us] of got) {
		cpu.get(name)?.push(us);
		ratios.get(name)?.push(us / got.get('node:http floor')!);
	}
}
await sink.close();

console.log(
	`POST /api/batch of ${batch} events (${captured.length} bytes), ${requests} requests × ${rounds} rounds, 2 open at once; pinning: ${pinned ? 'client CPU 0, sink CPU 1' : 'none'}\n`,
);
console.log('| subject | CPU µs / request (median) | ÷ floor, same round (median) |\n| --- | ---: | ---: |');
for (const [name, values] of cpu) {
	console.log(`| ${name} | ${median(values).toFixed(0)} | ${median(ratios.get(name)!).toFixed(2)} |`);
}
process.exit(0);
