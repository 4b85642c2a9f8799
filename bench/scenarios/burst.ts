/**
 * Scenarios 1 and 2 — one burst of `n` track calls into one client, then its documented flush, against the
 * counting sink in another process. Measures ns per call over the burst, CPU µs per delivered event over
 * burst + delivery, events/s until the last one was delivered, exact loss and duplication, HTTP requests,
 * connections, and memory (RSS right after the burst, i.e. with everything queued, and the peak). `cold`:
 * every property value is unique per call.
 */
import {importBaseline} from '../baseline.js';
import {createPeer, type GuardBuild, type PeerName} from '../peers.js';
import {emit, input, sleep} from '../lib.js';
import {startSinkProcess} from '../sink.js';

interface Args {
	readonly peer: PeerName;
	readonly n: number;
	/** Size the queue to hold the whole burst (scenario 2); otherwise every default is kept (scenario 1). */
	readonly sized: boolean;
	readonly drainTimeoutMs: number;
	/** Every property value unique per call (default false: the typical, repeating event). */
	readonly cold?: boolean;
	/** Construct umami-guard from the baseline build (`BENCH_BASELINE`, bench/baseline.ts) instead of `dist/`. */
	readonly baseline?: boolean;
}

const {peer, n, sized, drainTimeoutMs, cold = false, baseline = false} = input<Args>();
const build = baseline ? await importBaseline<GuardBuild>('index.js') : undefined;
const gc = (globalThis as {gc?: () => void}).gc ?? ((): void => {});
const sink = await startSinkProcess();

// Warm-up on a separate instance: JIT, module loading, the first connections.
const warm = createPeer(peer, sink.url, {cold, build});
for (let i = 0; i < 500; i++) warm.track(1e9 + i);
await warm.finish();
await sleep(200);
await sink.reset();

const client = createPeer(peer, sink.url, sized ? {queueFor: n, cold, build} : {cold, build});
gc();
gc();
await sleep(50);
const rss0 = process.memoryUsage().rss;
const heap0 = process.memoryUsage().heapUsed;
let peakRss = rss0;
const cpu0 = process.cpuUsage();
const wall0 = Date.now();
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) client.track(i);
const burstNs = Number(process.hrtime.bigint() - t0);
const burstCpu = process.cpuUsage(cpu0);
const memAfter = process.memoryUsage();
peakRss = Math.max(peakRss, memAfter.rss);
const sampler = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

let finishError: string | undefined;
const finished = client.finish().catch((error: unknown) => {
	finishError = String(error);
});
await Promise.race([finished, sleep(drainTimeoutMs)]);
const cpuFinish = process.cpuUsage(cpu0);
// The documented flush may resolve before the server has the last answer: wait until the sink is complete,
// or makes no progress for 1 s.
const deadline = Date.now() + Math.min(10_000, drainTimeoutMs);
let last = -1;
let stableSince = Date.now();
while (Date.now() < deadline) {
	const {stored} = await sink.stats();
	if (stored >= n) break;
	if (stored !== last) {
		last = stored;
		stableSince = Date.now();
	} else if (Date.now() - stableSince > 1000) break;
	await sleep(50);
}
clearInterval(sampler);
const cpu = cpuFinish.user + cpuFinish.system;
const stats = await sink.stats();
const tally = await sink.tally(n);
const maxRssKb = process.resourceUsage().maxRSS;

emit({
	peer,
	n,
	sized,
	cold,
	nsPerCall: burstNs / n,
	/** CPU time of the burst per call: less disturbed than wall time by other work on a loaded machine. */
	cpuNsPerCall: ((burstCpu.user + burstCpu.system) * 1000) / n,
	cpuUsPerEvent: tally.unique > 0 ? cpu / tally.unique : Number.NaN,
	cpuMs: cpu / 1000,
	delivered: tally.unique,
	lost: tally.missing,
	duplicated: tally.duplicated,
	eventsPerSecond: stats.lastAt > 0 ? tally.unique / ((stats.lastAt - wall0) / 1000) : 0,
	secondsToDeliver: stats.lastAt > 0 ? (stats.lastAt - wall0) / 1000 : Number.NaN,
	requests: stats.requests,
	requestsPer10k: tally.unique > 0 ? (stats.requests * 10_000) / tally.unique : Number.NaN,
	connections: stats.connections,
	peakOpen: stats.peakOpen,
	rssGrowthMb: (memAfter.rss - rss0) / 2 ** 20,
	heapGrowthMb: (memAfter.heapUsed - heap0) / 2 ** 20,
	peakRssGrowthMb: (Math.max(peakRss, maxRssKb * 1024) - rss0) / 2 ** 20,
	harnessCaught: client.failures(),
	finishError,
});
await sink.close();
process.exit(0);
