/**
 * The process `bench/crash-duplicates.ts` kills: one umami-guard client with the outbox on, against a real
 * Umami. Argument: JSON `{mode, url, website, tag, events, dir, timeoutMs, batchSize?, maxInFlight?}`.
 *
 * - `track`: tracks `events` events (`/crashdup/<tag>/<i>`), prints `TRACKED`, then `AT <ms> <sent> <inFlight>`
 *   every 10 ms until the parent kills it with SIGKILL (or `ALL <ms> <retried>` once everything was delivered).
 * - `replay`: starts on the same journal (the outbox replays it), shuts down, prints `DONE <stats json>`.
 */
import {input} from './lib.js';

interface Input {
	readonly mode: 'track' | 'replay';
	readonly url: string;
	readonly website: string;
	readonly tag: string;
	readonly events: number;
	readonly dir: string;
	readonly timeoutMs: number;
	readonly batchSize?: number;
	readonly maxInFlight?: number;
}

const {mode, url, website, tag, events, dir, timeoutMs, batchSize, maxInFlight} = input<Input>();
const {resolveConfig, UmamiAnalytics} = (await import(
	new URL('../dist/index.js', import.meta.url).href
)) as typeof import('../dist/index.js');

const UA =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const options = {
	env: {},
	configFile: false as const,
	websiteId: website,
	apiUrl: url,
	endpoint: 'batch' as const,
	flushIntervalMs: 50,
	timeoutMs,
	outbox: {enabled: true, path: dir},
	// Unset: the library's defaults with the outbox on are what is measured.
	...(batchSize === undefined ? {} : {batchSize}),
	...(maxInFlight === undefined ? {} : {maxInFlight}),
	logger: {warn: (line: string) => process.stderr.write(`${line}\n`)},
};
const analytics = new UmamiAnalytics(resolveConfig('crashdup', options), options);

if (mode === 'track') {
	for (let index = 0; index < events; index++) {
		analytics.trackEvent('crashdup', {i: index}, {url: `/crashdup/${tag}/${index}`, userAgent: UA});
	}
	const start = performance.now();
	process.stdout.write(`TRACKED ${analytics.stats().tracked}\n`);
	const report = setInterval(() => {
		const {sent, inFlight, retried} = analytics.stats();
		const ms = Math.round(performance.now() - start);
		process.stdout.write(sent >= events ? `ALL ${ms} ${retried}\n` : `AT ${ms} ${sent} ${inFlight}\n`);
		if (sent >= events) clearInterval(report);
	}, 10);
	// Waits for SIGKILL.
	setInterval(() => undefined, 1000);
} else {
	// The replayed events all fit in the queue (10,000), so the shutdown's drain delivers them.
	await analytics.shutdown(120_000);
	process.stdout.write(`DONE ${JSON.stringify(analytics.stats())}\n`);
}
