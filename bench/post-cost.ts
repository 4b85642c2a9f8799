/**
 * CPU time of one `POST /api/batch` of 100 events, by the two ways the transport can make requests: Node's
 * `fetch` (undici) and `createNodeFetch` (`node:http` with a keep-alive agent, the default on Node). The
 * requests go one after another to the benchmark sink in its own process (pinned to CPU 1 and this process
 * to CPU 0 where `taskset` exists), with the same body; the subjects alternate over rounds and the report
 * gives the median CPU µs per request of each and their ratio per round. Asserts nothing.
 *
 *   npx tsx bench/post-cost.ts [--rounds 5] [--requests 1000]
 */
import * as http from 'node:http';
import * as https from 'node:https';
import {parseArgs} from 'node:util';
import {createNodeFetch, type FetchLike} from '../src/transport/index.js';
import {median} from './lib.js';
import {startPinnedSink} from './sink.js';

const {values} = parseArgs({
	options: {rounds: {type: 'string', default: '5'}, requests: {type: 'string', default: '1000'}},
});
const rounds = Number(values.rounds);
const requests = Number(values.requests);

const {sink, pinned} = await startPinnedSink();

const body = JSON.stringify(
	Array.from({length: 100}, (_, index) => ({
		type: 'event',
		payload: {
			website: '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01',
			hostname: 'shop.example.com',
			url: '/products/:id',
			language: 'en-US',
			userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0',
			timestamp: 1_764_000_000 + index,
			data: {method: 'GET', status: 200, duration_ms: index / 10, route: '/products/:id', i: index},
		},
	})),
);
const encoder = new TextEncoder();
const subjects: [string, FetchLike][] = [
	// As the client calls Node's fetch: the body as bytes (see bytesFetch in src/client/analytics.ts).
	['Node fetch (undici)', (url, init) => fetch(url, {...init, body: encoder.encode(init.body ?? '')})],
	['node:http (createNodeFetch)', createNodeFetch({http, https})],
];
const headers = {'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (compatible; bench)'};
const url = `${sink.url}/api/batch`;

/** CPU µs per request over `count` sequential requests. */
async function measure(fetchLike: FetchLike, count: number): Promise<number> {
	const from = process.cpuUsage();
	for (let index = 0; index < count; index++) {
		const answer = await fetchLike(url, {method: 'POST', headers, body});
		await answer.text();
	}
	const used = process.cpuUsage(from);
	return (used.user + used.system) / count;
}

const cpu = new Map<string, number[]>(subjects.map(([name]) => [name, []]));
const ratios: number[] = [];
for (const [, fetchLike] of subjects) await measure(fetchLike, 200); // warm-up
for (let round = 0; round < rounds; round++) {
	const order = round % 2 === 0 ? subjects : [...subjects].reverse();
	const got = new Map<string, number>();
	for (const [name, fetchLike] of order) got.set(name, await measure(fetchLike, requests));
	for (const [name, us] of got) cpu.get(name)?.push(us);
	ratios.push(got.get(subjects[0]![0])! / got.get(subjects[1]![0])!);
}
await sink.close();

console.log(
	`POST /api/batch of 100 events (${body.length} bytes), ${requests} sequential requests × ${rounds} rounds; pinning: ${pinned ? 'client CPU 0, sink CPU 1' : 'none'}\n`,
);
console.log('| requester | CPU µs / request (median) | CPU µs / event |\n| --- | ---: | ---: |');
for (const [name, values] of cpu) {
	const us = median(values);
	console.log(`| ${name} | ${us.toFixed(0)} | ${(us / 100).toFixed(2)} |`);
}
console.log(
	`\nfetch ÷ node:http, per round: median ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
);
process.exit(0);
