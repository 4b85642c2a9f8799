/**
 * One process of `bench/fleet.ts`: from `startAt` it tracks `rate` events/s for `seconds` through one
 * `UmamiAnalytics` with the defaults (except `queueSize` and `timeoutMs` when given), each event tagged
 * `/fleet/<run>/<proc>/<index>` so SQL can count it; then it stops tracking and waits until nothing is
 * queued or in flight (the drain), bounded by `drainLimitMs`, and shuts down. Reports the client's counts,
 * peak memory, event-loop delay (`monitorEventLoopDelay`) and the drain time.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {isUmamiGuardError} from '../../src/errors.js';
import {emit, input, sleep} from '../lib.js';

/** What the parent passes. */
export interface FleetProcessArgs {
	readonly url: string;
	readonly websiteId: string;
	readonly run: string;
	readonly proc: number;
	readonly rate: number;
	readonly seconds: number;
	/**
	 * `Date.now()` at which every process of the fleet starts tracking; or, with `barrier`, a directory where
	 * the process writes `ready-<proc>` once it is set up and then waits for `go`, which holds the start time.
	 */
	readonly startAt: number;
	readonly barrier?: string;
	readonly drainLimitMs: number;
	readonly queueSize?: number;
	readonly timeoutMs?: number;
}

/** What the process reports. */
export interface FleetProcessResult {
	readonly proc: number;
	readonly tracked: number;
	readonly sent: number;
	readonly filtered: number;
	readonly retried: number;
	readonly dropped: Readonly<Record<string, number>>;
	readonly droppedTotal: number;
	/** Still held when the drain limit ended it (then dropped by the shutdown). */
	readonly queuedAtDrainEnd: number;
	/** `onError` codes, counted (TIMEOUT, NETWORK_ERROR, …). */
	readonly errors: Readonly<Record<string, number>>;
	readonly peakRssMb: number;
	readonly peakHeapMb: number;
	readonly loopDelayMs: {readonly p50: number; readonly p99: number; readonly max: number};
	/** From the last event tracked to nothing queued or in flight. */
	readonly drainMs: number;
	/** `Date.now()` when tracking stopped and when the drain ended. */
	readonly stoppedAt: number;
	readonly drainedAt: number;
}

const MB = 1024 * 1024;
const round1 = (value: number): number => Math.round(value * 10) / 10;

const args = input<FleetProcessArgs>();
const errors: Record<string, number> = {};
const settings: AnalyticsOptions = {
	env: {},
	configFile: false,
	websiteId: args.websiteId,
	apiUrl: args.url,
	logger: {warn: () => undefined},
	onError: (error) => {
		const code = isUmamiGuardError(error) ? error.code : error.name;
		errors[code] = (errors[code] ?? 0) + 1;
	},
	...(args.queueSize === undefined ? {} : {queueSize: args.queueSize}),
	...(args.timeoutMs === undefined ? {} : {timeoutMs: args.timeoutMs}),
};
const analytics = new UmamiAnalytics(resolveConfig(`fleet-${args.proc}`, settings), settings);

let peakRss = 0;
let peakHeap = 0;
const sample = (): void => {
	const memory = process.memoryUsage();
	peakRss = Math.max(peakRss, memory.rss);
	peakHeap = Math.max(peakHeap, memory.heapUsed);
};
const sampler = setInterval(sample, 100);
const loop = monitorEventLoopDelay({resolution: 10});

let startAt = args.startAt;
if (args.barrier !== undefined) {
	writeFileSync(`${args.barrier}/ready-${args.proc}`, '');
	while (!existsSync(`${args.barrier}/go`)) await sleep(20);
	startAt = Number(readFileSync(`${args.barrier}/go`, 'utf8'));
}
await sleep(Math.max(0, startAt - Date.now()));
loop.enable();
const start = Date.now();
const durationMs = args.seconds * 1000;
let index = 0;
// Steady rate: every 10 ms, catch up with rate × elapsed (at most one second's worth per tick).
const ticker = setInterval(() => {
	const elapsed = Math.min(Date.now() - start, durationMs);
	const limit = Math.min(Math.floor((elapsed / 1000) * args.rate), index + Math.max(1, args.rate));
	for (; index < limit; index++) {
		analytics.trackEvent(
			'fleet',
			{i: index, p: args.proc},
			{url: `/fleet/${args.run}/${args.proc}/${index}`},
		);
	}
}, 10);
await sleep(durationMs + 20);
clearInterval(ticker);
const stoppedAt = Date.now();
const drainDeadline = stoppedAt + args.drainLimitMs;
for (;;) {
	const {queued, inFlight} = analytics.stats();
	if ((queued === 0 && inFlight === 0) || Date.now() >= drainDeadline) break;
	await sleep(50);
}
const drainedAt = Date.now();
loop.disable();
const queuedAtDrainEnd = analytics.stats().queued;
await analytics.shutdown(2000);
clearInterval(sampler);
sample();

const stats = analytics.stats();
const dropped: Record<string, number> = {};
for (const [reason, count] of Object.entries(stats.dropped)) if (count > 0) dropped[reason] = count;
emit({
	proc: args.proc,
	tracked: stats.tracked,
	sent: stats.sent,
	filtered: stats.filtered,
	retried: stats.retried,
	dropped,
	droppedTotal: stats.droppedTotal,
	queuedAtDrainEnd,
	errors,
	peakRssMb: round1(peakRss / MB),
	peakHeapMb: round1(peakHeap / MB),
	loopDelayMs: {
		p50: round1(loop.percentile(50) / 1e6),
		p99: round1(loop.percentile(99) / 1e6),
		max: round1(loop.max / 1e6),
	},
	drainMs: drainedAt - stoppedAt,
	stoppedAt,
	drainedAt,
} satisfies FleetProcessResult);
