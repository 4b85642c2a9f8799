/**
 * Scenario 6 — one app (Express, Fastify, Koa or Hono on Node), bare or with request tracking, in its own
 * process, driven on one route (`hello`: hello-world; `orders`: awaits 1 ms and answers ~20 KB of JSON);
 * autocannon drives it from this process on 127.0.0.1 and the sink runs in a third. First a saturating run
 * (`connections` connections for `seconds`): requests/s and latency percentiles. Then a paced run far below
 * saturation (`rate` req/s, Poisson arrivals, open loop: bench/open-loop.ts in its own process) for the
 * latency of one request, during which the server measures its event-loop delay.
 *
 * On a machine with ≥ 2 cores and `taskset`, the server is pinned to CPU 0 and this process (autocannon),
 * the paced generator and the sink to CPU 1, so the load generators' and the sink's work is never charged to
 * the server under test; elsewhere nothing is pinned and the result says so. Latency is recorded per response
 * in µs (autocannon's own histogram has 1 ms resolution). The server also reports the CPU time it used per
 * request, which other load on a shared machine moves far less than requests/s.
 */
import {fork, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {createHistogram, type RecordableHistogram} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import autocannon, {type Options, type Result} from 'autocannon';
import {ask as askChild, emit, input} from '../lib.js';
import type {OpenLoopResult} from '../open-loop.js';
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
	/**
	 * Raise the paced run's priority where allowed (see `priority` below); off for the smoke check, whose apps
	 * all run at once and would then starve the machine. @default true
	 */
	readonly priority?: boolean;
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
	// For the full collection between the saturating and the paced run (`settle`).
	'--expose-gc',
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

/**
 * Whether the paced run may raise its processes' priority (Linux, with the right to; `BENCH_NO_PRIORITY`
 * turns it off): the generator's two threads then run SCHED_FIFO and every thread of the server at nice -20,
 * so that at a rate far below saturation both run as soon as they have work instead of waiting behind
 * whatever else a busy machine runs, which would otherwise be most of the p99. Only for the paced run (a
 * saturated high-priority server would starve the rest of its CPU), and not SCHED_FIFO for the server: its
 * threads then spin on one another and the run measures that.
 */
const priority =
	pin &&
	args.priority !== false &&
	process.env['BENCH_NO_PRIORITY'] === undefined &&
	spawnSync('chrt', ['-f', '-p', '1', String(process.pid)], {stdio: 'ignore'}).status === 0 &&
	spawnSync('chrt', ['-o', '-p', '0', String(process.pid)], {stdio: 'ignore'}).status === 0;

/** Every thread of the server at nice -20; whether all were. */
function raiseServer(): boolean {
	const threads = readdirSync(`/proc/${pid}/task`);
	return threads.every(
		(tid) => spawnSync('renice', ['-n', '-20', '-p', tid], {stdio: 'ignore'}).status === 0,
	);
}

/**
 * The paced run: bench/open-loop.ts in its own process on CPU 1 (beside this one), at `rate` req/s for
 * `rateSeconds` after `warmupSeconds` of the same load; the server's CPU time and event-loop delay are taken
 * over the measured window only.
 */
async function pacedRun(): Promise<{result: OpenLoopResult; cpuUs: number; scheduling: string}> {
	const file = fileURLToPath(new URL('../open-loop.ts', import.meta.url));
	const json = JSON.stringify({
		url,
		rate: args.rate,
		seconds: args.rateSeconds,
		warmupSeconds: args.warmupSeconds,
		realtime: priority,
	});
	const raised = priority && raiseServer();
	const generator = pin
		? spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', file, json], {
				stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			})
		: fork(file, [json], {execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
	// A generator that ends without its result fails this run (instead of leaving it waiting).
	const ended = new Promise<never>((_resolve, reject) => {
		generator.once('close', (code) =>
			reject(new Error(`bench/open-loop.ts exited (${code}) without a result`)),
		);
	});
	const measuring = Promise.race([askChild(generator, '', 'measuring'), ended]);
	const done = Promise.race([askChild<OpenLoopResult>(generator, '', 'result'), ended]);
	ended.catch(() => undefined);
	await measuring;
	await ask('eld-start', 'eld-started');
	const [result, cpuUs] = await withCpu(() => done);
	const scheduling = `generator ${result.realtime ? 'SCHED_FIFO' : 'normal'}, server ${raised ? 'nice -20' : 'normal'}`;
	return {result, cpuUs, scheduling};
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
await ask('settle', 'settled');
const {result: paced, cpuUs: pacedCpuUs, scheduling: pacedScheduling} = await pacedRun();
const eld = await ask<{p99Ms: number; meanMs: number; maxMs: number}>('eld-stop', 'eld');
const {tracked} = await ask<{tracked: number}>('stats', 'stats');
const delivered = (await sink.stats()).stored;

emit({
	framework: args.framework,
	variant: args.variant,
	route: args.route ?? 'hello',
	pinning,
	pacedScheduling,
	rps: load.result.requests.average,
	p50Ms: ms(load.us, 50),
	p99Ms: ms(load.us, 99),
	errors: load.result.errors + load.result.timeouts + load.result.non2xx,
	cpuUsPerRequest: loadCpuUs / Math.max(1, load.result.requests.total),
	pacedCpuUsPerRequest: pacedCpuUs / Math.max(1, paced.ok + paced.errors),
	pacedRps: paced.sent / paced.seconds,
	pacedP50Ms: paced.p50Us / 1000,
	pacedP99Ms: paced.p99Us / 1000,
	pacedP999Ms: paced.p999Us / 1000,
	pacedMaxMs: paced.maxUs / 1000,
	pacedErrors: paced.errors + paced.unanswered,
	pacedLateOver1ms: paced.lateOver1ms,
	pacedLateP99Ms: paced.lateP99Us / 1000,
	pacedOpenedWhenBusy: paced.openedWhenBusy,
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
