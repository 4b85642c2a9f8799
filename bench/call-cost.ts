/**
 * CPU per `trackEvent` call, nothing else: the burst of the cost scenario (`scenarios/burst.ts`) without the
 * sink, the delivery or the peers, for checking a change to the per-call path quickly. Each build runs in
 * fresh `node --single-threaded` processes (no concurrent GC or compiler threads, so the process CPU time is
 * the call's own), builds alternating, and each process measures rounds of `calls` calls into one instance
 * whose queue holds them all (no delivery starts): the typical event (8 properties that repeat: `hot`), the
 * same 8 keys with every value new (`cold`), and `sanitizer.data` alone on the cold properties (the
 * sanitizer's share of a cold call). Medians over rounds, then over processes.
 *
 *   npx tsx bench/call-cost.ts [--dist dist,/other/checkout/dist] [--processes 5] [--calls 20000]
 *
 * Asserts nothing; CPU time still moves with the load of a shared machine, so compare builds in one run.
 */
import {execFile} from 'node:child_process';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {median, ROOT} from './lib.js';
import {coldProperties, properties, WEBSITE_ID} from './peers.js';

const ROUNDS = 5;

/** The child: `ROUNDS` rounds of each kind, ns of CPU per call, as one JSON line. */
const child = (dist: string, calls: number): string => `
const {resolveConfig, UmamiAnalytics} = await import(${JSON.stringify(pathToFileURL(resolve(dist, 'index.js')).href)});
const coldProperties = ${coldProperties.toString()};
const properties = ${properties.toString()};
const n = ${calls};
const options = {websiteId: '${WEBSITE_ID}', apiUrl: 'http://127.0.0.1:9', configFile: false, env: {},
	queueSize: n + 5000, flushIntervalMs: 3_600_000, batchSize: 1000};
const cpu = (run) => { globalThis.gc(); const c0 = process.cpuUsage(); run(); const c = process.cpuUsage(c0); return ((c.user + c.system) * 1000) / n; };
const result = {hot: [], cold: [], sanitizer: []};
let base = 0;
for (let round = 0; round < ${ROUNDS}; round++) {
	const cold = new UmamiAnalytics(resolveConfig('bench', options), options);
	const sanitizer = cold.sanitizer;
	for (let i = 0; i < 2000; i++) sanitizer.data(coldProperties(1e9 + base + i));
	base += 2000;
	result.sanitizer.push(cpu(() => { for (let i = 0; i < n; i++) sanitizer.data(coldProperties(base + i)); }));
	base += n;
	for (let i = 0; i < 2000; i++) cold.trackEvent('checkout', coldProperties(2e9 + base + i), {url: '/pricing'});
	result.cold.push(cpu(() => { for (let i = 0; i < n; i++) cold.trackEvent('checkout', coldProperties(base + i), {url: '/pricing'}); }));
	base += n;
	const hot = new UmamiAnalytics(resolveConfig('bench', options), options);
	for (let i = 0; i < 2000; i++) hot.trackEvent('checkout', properties(i), {url: '/pricing'});
	result.hot.push(cpu(() => { for (let i = 0; i < n; i++) hot.trackEvent('checkout', properties(i), {url: '/pricing'}); }));
}
process.stdout.write(JSON.stringify(result));
process.exit(0);`;

type Kind = 'hot' | 'cold' | 'sanitizer';

function runChild(dist: string, calls: number): Promise<Record<Kind, number[]>> {
	return new Promise((done, fail) => {
		execFile(
			process.execPath,
			['--expose-gc', '--single-threaded', '--input-type=module', '-e', child(dist, calls)],
			{cwd: ROOT, maxBuffer: 1 << 20},
			(error, stdout) => (error ? fail(error) : done(JSON.parse(stdout) as Record<Kind, number[]>)),
		);
	});
}

const {values} = parseArgs({
	options: {
		dist: {type: 'string', default: 'dist'},
		processes: {type: 'string', default: '5'},
		calls: {type: 'string', default: '20000'},
	},
});
const dists = values.dist.split(',');
const perProcess = new Map<string, Record<Kind, number[]>>(
	dists.map((d) => [d, {hot: [], cold: [], sanitizer: []}]),
);
for (let run = 0; run < Math.max(1, Number(values.processes)); run++) {
	for (const dist of dists) {
		const result = await runChild(dist, Math.max(1000, Number(values.calls)));
		const medians = perProcess.get(dist)!;
		for (const kind of ['hot', 'cold', 'sanitizer'] as const) medians[kind].push(median(result[kind]));
		process.stderr.write(`call cost: ${dist} process ${run + 1}\n`);
	}
}
console.log('| build | hot µs/call | cold µs/call | of which sanitizer.data (cold) µs |');
console.log('| --- | ---: | ---: | ---: |');
for (const [dist, medians] of perProcess) {
	const us = (kind: Kind): string => (median(medians[kind]) / 1000).toFixed(2);
	console.log(`| ${dist} | ${us('hot')} | ${us('cold')} | ${us('sanitizer')} |`);
}
