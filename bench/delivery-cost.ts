/**
 * CPU per delivered event at saturation: `trackEvent` in a loop faster than one process delivers (slices of
 * 500 calls per macrotask, so delivery interleaves with tracking as in a busy service), to the benchmark
 * sink in its own process, then `flush()`; every event must reach the sink. Beside it, in the same process
 * and rounds, the same calls into an instance whose requests never end (a `fetch` that never answers: after
 * its two batches in flight the queue holds the rest): the call alone. The difference is what delivering
 * an event costs: queueing, serialization, the request, the answer. Each build runs in fresh
 * `node --single-threaded` processes (no GC or compiler threads: the CPU time is the process's own), builds
 * alternating; medians over rounds, then over processes. The sink runs on CPU 1 and the clients on CPU 0
 * where `taskset` exists.
 *
 *   npm run build && npx tsx bench/delivery-cost.ts [--dist dist,/other/checkout/dist] [--processes 3]
 *     [--events 50000] [--batch N] [--profile DIR]
 *
 * `--batch`: the delivering instance's `batchSize` (default: the configured default); `--profile`: one
 * process per build, run with `--cpu-prof` into DIR.
 *
 * Asserts nothing but the delivery itself; compare builds in one run.
 */
import {execFile} from 'node:child_process';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {median, ROOT} from './lib.js';
import {properties, WEBSITE_ID} from './peers.js';
import {startPinnedSink} from './sink.js';

const ROUNDS = 5;

/** The child: `ROUNDS` rounds of both kinds, ns of CPU per event, as one JSON line. */
const child = (dist: string, sinkUrl: string, events: number, batch: number | undefined): string => `
const {resolveConfig, UmamiAnalytics} = await import(${JSON.stringify(pathToFileURL(resolve(dist, 'index.js')).href)});
const properties = ${properties.toString()};
const n = ${events};
let next = 0;
const make = (extra) => {
	const options = {websiteId: '${WEBSITE_ID}', apiUrl: '${sinkUrl}', configFile: false, env: {}, queueSize: 4 * n, ${batch === undefined ? '' : `batchSize: ${batch}, `}...extra};
	return new UmamiAnalytics(resolveConfig('bench', options), options);
};
const track = (analytics, count) => new Promise((done) => {
	let left = count;
	const slice = () => {
		for (let k = 0; k < 500 && left > 0; k++, left--) analytics.trackEvent('checkout', properties(next++), {url: '/pricing'});
		if (left > 0) setImmediate(slice); else done();
	};
	slice();
});
const cpu = async (run) => { globalThis.gc(); const c0 = process.cpuUsage(); await run(); const c = process.cpuUsage(c0); return ((c.user + c.system) * 1000) / n; };
const result = {tracked: [], call: []};
const delivering = make({});
await track(delivering, 20000);
await delivering.flush();
const quiet = [];
for (let round = 0; round < ${ROUNDS}; round++) {
	const before = delivering.stats().sent;
	result.tracked.push(await cpu(async () => { await track(delivering, n); await delivering.flush(); }));
	const sent = delivering.stats().sent - before;
	if (sent !== n) throw new Error(sent + ' of ' + n + ' delivered');
	const holding = make({batchSize: 1000, flushIntervalMs: 3600000, fetch: () => new Promise(() => {})});
	quiet.push(holding);
	await track(holding, 2000);
	result.call.push(await cpu(() => track(holding, n)));
}
process.stdout.write(JSON.stringify(result));
process.exit(0);`;

type Kind = 'tracked' | 'call';

function runChild(
	dist: string,
	sinkUrl: string,
	events: number,
	batch: number | undefined,
	profile: string | undefined,
): Promise<Record<Kind, number[]>> {
	const flags = profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profile];
	return new Promise((done, fail) => {
		execFile(
			process.execPath,
			[
				...flags,
				'--expose-gc',
				'--single-threaded',
				'--input-type=module',
				'-e',
				child(dist, sinkUrl, events, batch),
			],
			{cwd: ROOT, maxBuffer: 1 << 20},
			(error, stdout) => (error ? fail(error) : done(JSON.parse(stdout) as Record<Kind, number[]>)),
		);
	});
}

const {values} = parseArgs({
	options: {
		dist: {type: 'string', default: 'dist'},
		processes: {type: 'string', default: '3'},
		events: {type: 'string', default: '50000'},
		profile: {type: 'string'},
		batch: {type: 'string'},
	},
});
const dists = values.dist.split(',');
const events = Math.max(1000, Number(values.events));
const batch = values.batch === undefined ? undefined : Number(values.batch);
const {sink, pinned} = await startPinnedSink();
const perProcess = new Map<string, Record<Kind, number[]>>(dists.map((d) => [d, {tracked: [], call: []}]));
const processes = values.profile === undefined ? Math.max(1, Number(values.processes)) : 1;
for (let run = 0; run < processes; run++) {
	for (const dist of run % 2 === 0 ? dists : [...dists].reverse()) {
		const result = await runChild(dist, sink.url, events, batch, values.profile);
		const medians = perProcess.get(dist)!;
		for (const kind of ['tracked', 'call'] as const) medians[kind].push(median(result[kind]));
		process.stderr.write(`delivery cost: ${dist} process ${run + 1}\n`);
	}
}
await sink.close();
console.log(
	`${events} events per round, batchSize ${batch ?? 'default'}, ${ROUNDS} rounds per process, ${processes} processes per build; pinning: ${pinned ? 'client CPU 0, sink CPU 1' : 'none'}\n`,
);
console.log('| build | tracked and delivered µs/event | call alone µs/event | delivery µs/event |');
console.log('| --- | ---: | ---: | ---: |');
for (const [dist, medians] of perProcess) {
	const tracked = median(medians.tracked) / 1000;
	const call = median(medians.call) / 1000;
	console.log(`| ${dist} | ${tracked.toFixed(2)} | ${call.toFixed(2)} | ${(tracked - call).toFixed(2)} |`);
}
process.exit(0);
