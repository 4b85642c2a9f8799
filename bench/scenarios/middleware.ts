/**
 * Scenario 6 — one app (Express, Fastify, Koa or Hono on Node), bare or with request tracking, in its own
 * process, driven on one route (`hello`: hello-world; `orders`: awaits 1 ms and answers ~20 KB of JSON);
 * autocannon drives it from this process on 127.0.0.1 and the sink runs in a third. First a saturating run
 * (`connections` connections for `seconds`): requests/s and latency percentiles. Then a fixed-rate run
 * (autocannon `overallRate`) during which the server measures its event-loop delay.
 *
 * On a machine with ≥ 2 cores and `taskset`, the server is pinned to CPU 0 and this process (autocannon)
 * and the sink to CPU 1, so the load generator's and the sink's work is never charged to the server under
 * test; elsewhere nothing is pinned and the result says so. Latency is recorded per response in µs (from
 * autocannon's `response` events; its own histogram has 1 ms resolution). The server also reports the CPU
 * time it used per request, which other load on a shared machine moves far less than requests/s.
 */
import {fork, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {createHistogram, type RecordableHistogram} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import autocannon, {type Options, type Result} from 'autocannon';
import {ask as askChild, emit, input} from '../lib.js';
import {startSinkProcess} from '../sink.js';
import type {Framework, Variant} from './http-server.js';

/** The two routes every app of `http-server.ts` serves: hello-world, and the one that awaits 1 ms and answers ~20 KB. */
const ROUTES = {hello: '/', orders: '/orders/7'} as const;
type Route = keyof typeof ROUTES;

interface Args {
	readonly framework: Framework;
	readonly variant: Variant;
	/** @default 'hello' */
	readonly route?: Route;
	readonly seconds: number;
	readonly connections: number;
	readonly rate: number;
	readonly rateSeconds: number;
	readonly warmupSeconds: number;
	/** Requests in flight per connection in the saturating run (as Fastify's own benchmarks do). @default 1 */
	readonly pipelining?: number;
}
const args = input<Args>();

/** CPU affinity of a process as the kernel reports it (`0`, `1`, `0-1`), or `?` where /proc is missing. */
function cpusOf(pid: number): string {
	try {
		return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?';
	} catch {
		return '?';
	}
}

// Pin this process (every thread, so autocannon's sockets and the sink forked below follow) to CPU 1.
const pin =
	availableParallelism() >= 2 &&
	spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)], {stdio: 'ignore'}).status === 0;

const sink = await startSinkProcess();
const serverFile = fileURLToPath(new URL('http-server.ts', import.meta.url));
// BENCH_PROFILE=DIR: the server writes a CPU profile there (`node --cpu-prof`) when it exits.
const profile = process.env['BENCH_PROFILE'];
const nodeArgs = [
	...(profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`, '--cpu-prof-interval=100']),
	'--import',
	'tsx',
];
const serverArgs = JSON.stringify({framework: args.framework, variant: args.variant, sinkUrl: sink.url});
const server: ChildProcess = pin
	? spawn('taskset', ['-c', '0', process.execPath, ...nodeArgs, serverFile, serverArgs], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		})
	: fork(serverFile, [serverArgs], {
			execArgv: nodeArgs,
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
const ask = <T>(cmd: string, answer: string): Promise<T> => askChild<T>(server, cmd, answer);
const {port, pid} = await ask<{port: number; pid: number}>('', 'ready');
const url = `http://127.0.0.1:${port}${ROUTES[args.route ?? 'hello']}`;
const pinning = pin
	? `server CPU ${cpusOf(pid)}, autocannon CPU ${cpusOf(process.pid)}, sink CPU ${cpusOf(sink.pid)}`
	: 'none';

/** Runs autocannon and records every 2xx response's latency in µs. */
async function drive(options: Options): Promise<{result: Result; us: RecordableHistogram}> {
	const us = createHistogram();
	const instance = autocannon(options);
	instance.on('response', (_client, status, _bytes, ms) => {
		if (status >= 200 && status < 300) us.record(Math.max(1, Math.round(ms * 1000)));
	});
	return {result: await instance, us};
}
const ms = (h: RecordableHistogram, p: number): number => h.percentile(p) / 1000;

/** The server's CPU time over `run` (µs): unlike requests/s, barely moved by other work on the machine. */
async function withCpu<T>(run: () => Promise<T>): Promise<[T, number]> {
	await ask('cpu-start', 'cpu-started');
	const result = await run();
	const {us} = await ask<{us: number}>('cpu-stop', 'cpu');
	return [result, us];
}

await autocannon({
	url,
	connections: args.connections,
	duration: args.warmupSeconds,
	pipelining: args.pipelining ?? 1,
});
const [load, loadCpuUs] = await withCpu(() =>
	drive({url, connections: args.connections, duration: args.seconds, pipelining: args.pipelining ?? 1}),
);
await ask('eld-start', 'eld-started');
const [paced, pacedCpuUs] = await withCpu(() =>
	drive({url, connections: args.connections, duration: args.rateSeconds, overallRate: args.rate}),
);
const eld = await ask<{p99Ms: number; meanMs: number; maxMs: number}>('eld-stop', 'eld');
const {tracked} = await ask<{tracked: number}>('stats', 'stats');
const delivered = (await sink.stats()).stored;

emit({
	framework: args.framework,
	variant: args.variant,
	route: args.route ?? 'hello',
	pinning,
	rps: load.result.requests.average,
	p50Ms: ms(load.us, 50),
	p99Ms: ms(load.us, 99),
	errors: load.result.errors + load.result.timeouts + load.result.non2xx,
	cpuUsPerRequest: loadCpuUs / Math.max(1, load.result.requests.total),
	pacedCpuUsPerRequest: pacedCpuUs / Math.max(1, paced.result.requests.total),
	pacedRps: paced.result.requests.average,
	pacedP50Ms: ms(paced.us, 50),
	pacedP99Ms: ms(paced.us, 99),
	eldP99Ms: eld.p99Ms,
	eldMeanMs: eld.meanMs,
	eldMaxMs: eld.maxMs,
	tracked,
	delivered,
});
server.disconnect();
server.kill();
await sink.close();
process.exit(0);
