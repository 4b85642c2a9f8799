/**
 * Soak: track events at a steady rate against a PRIVATE real Umami v2.10 (own state dir and ports, never the
 * shared test server), stop Umami once in the middle, sample RSS every 5 s, then reconcile `stats()` with the
 * rows in SQL: every tracked event must be stored (exactly once) or dropped with a counted reason.
 *
 *   npx tsx scripts/soak.ts --minutes 10 --rate 2000            # the issue's soak (queue overflows: honest)
 *   npx tsx scripts/soak.ts --minutes 10 --rate 150             # a rate this machine's v2.10 sustains
 *   npx tsx scripts/soak.ts --minutes 1 --rate 300 --outage 10 --json .tmp/soak.json --keep
 *
 * Options: --minutes M (fractions allowed), --rate N events/s, --outage S seconds Umami is stopped (0: none),
 * --json PATH (default .tmp/soak-<rate>x<minutes>.json), --keep (leave the instance running), --queue N.
 * Prints a report; exit code 1 when an event is unaccounted for.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {pathToFileURL} from 'node:url';
import {UmamiAnalytics, type AnalyticsStats} from '../src/client/analytics.js';
import type {AnalyticsOptions} from '../src/config/options.js';
import {resolveConfig} from '../src/config/resolve.js';
import {
	SOAK_INSTANCE,
	startOwnUmami,
	type OwnUmami,
	type OwnUmamiSpec,
} from '../test/reliability/own-umami.js';

export interface SoakOptions {
	readonly minutes: number;
	readonly rate: number;
	/** Seconds Umami is stopped, starting at half time (0: no outage). */
	readonly outageSeconds: number;
	readonly queueSize?: number;
	readonly instance?: OwnUmamiSpec;
	/** An already started instance (the test passes its own); otherwise one is started. */
	readonly umami?: OwnUmami;
	readonly log?: (line: string) => void;
}

export interface RssSample {
	/** Seconds since the start. */
	readonly t: number;
	readonly rssMb: number;
	readonly heapMb: number;
	readonly tracked: number;
	readonly queued: number;
	readonly sent: number;
	readonly dropped: number;
}

export interface SoakReport {
	readonly tag: string;
	readonly minutes: number;
	readonly rate: number;
	readonly outage: {readonly startedAtS: number; readonly endedAtS: number} | undefined;
	readonly durationS: number;
	readonly drainS: number;
	readonly stats: AnalyticsStats;
	/** Rows in `website_event` for this run. */
	readonly storedRows: number;
	/** Distinct event indices among them. */
	readonly storedDistinct: number;
	readonly duplicates: number;
	/** tracked − storedDistinct − droppedTotal − filtered: events nobody can account for (must be 0). */
	readonly unaccounted: number;
	/** Events the client counted as sent but SQL does not hold (or the reverse, negative). */
	readonly sentMinusStored: number;
	/** Achieved delivery rate while the server was up (stored rows / seconds). */
	readonly storedPerSecond: number;
	readonly samples: readonly RssSample[];
	readonly rssStartMb: number;
	readonly rssMaxMb: number;
	readonly rssEndMb: number;
	readonly ok: boolean;
}

const MB = 1024 * 1024;
const round1 = (value: number): number => Math.round(value * 10) / 10;

function tagOf(): string {
	let tag = '';
	for (let index = 0; index < 8; index++) tag += String.fromCharCode(97 + Math.floor(Math.random() * 26));
	return tag;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one soak and returns its report (does not stop an instance passed in `umami`). */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
	const log = options.log ?? ((line: string) => console.log(line));
	const umami = options.umami ?? (await startOwnUmami(options.instance ?? SOAK_INSTANCE));
	const tag = tagOf();
	const name = `soak-${tag}`;
	const settings: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: umami.websiteId,
		apiUrl: umami.url,
		logger: {warn: () => undefined},
		...(options.queueSize === undefined ? {} : {queueSize: options.queueSize}),
	};
	const analytics = new UmamiAnalytics(resolveConfig(`soak-${tag}`, settings), settings);

	const durationMs = options.minutes * 60_000;
	const samples: RssSample[] = [];
	const start = Date.now();
	const sample = (): void => {
		const memory = process.memoryUsage();
		const stats = analytics.stats();
		samples.push({
			t: round1((Date.now() - start) / 1000),
			rssMb: round1(memory.rss / MB),
			heapMb: round1(memory.heapUsed / MB),
			tracked: stats.tracked,
			queued: stats.queued,
			sent: stats.sent,
			dropped: stats.droppedTotal,
		});
		const last = samples.at(-1)!;
		log(
			`  t=${last.t}s rss=${last.rssMb}MB heap=${last.heapMb}MB tracked=${last.tracked} queued=${last.queued} sent=${last.sent} dropped=${last.dropped}`,
		);
	};
	sample();
	const sampler = setInterval(sample, 5000);

	// Steady rate: every 10 ms, catch up with rate × elapsed (bounded per tick so a stall cannot burst).
	let index = 0;
	const ticker = setInterval(() => {
		const elapsed = Math.min(Date.now() - start, durationMs);
		const target = Math.floor((elapsed / 1000) * options.rate);
		const limit = Math.min(target, index + Math.max(1, options.rate));
		for (; index < limit; index++) {
			analytics.trackEvent(name, {i: index}, {url: `/soak/${tag}/${index}`});
		}
	}, 10);

	let outage: SoakReport['outage'];
	if (options.outageSeconds > 0) {
		await sleep(Math.max(0, durationMs / 2 - options.outageSeconds * 500));
		const outageStart = Date.now();
		log(`outage: stopping Umami at t=${round1((outageStart - start) / 1000)}s`);
		await umami.stopUmami();
		await sleep(options.outageSeconds * 1000);
		await umami.startUmami();
		const outageEnd = Date.now();
		log(`outage: Umami back at t=${round1((outageEnd - start) / 1000)}s`);
		outage = {startedAtS: round1((outageStart - start) / 1000), endedAtS: round1((outageEnd - start) / 1000)};
	}
	await sleep(Math.max(0, start + durationMs - Date.now()));
	clearInterval(ticker);
	const trackingEnd = Date.now();
	log(`tracking stopped after ${analytics.stats().tracked} events; draining`);

	// Drain: wait until nothing is queued (bounded), then shut down with a deadline.
	const drainDeadline = Date.now() + Math.max(120_000, (analytics.stats().queued / 50) * 1000);
	while (analytics.stats().queued > 0 && Date.now() < drainDeadline) await sleep(250);
	await analytics.shutdown(10_000);
	const drainS = round1((Date.now() - trackingEnd) / 1000);
	clearInterval(sampler);
	sample();

	const stats = analytics.stats();
	const [row] = await umami.query<{rows: string; distinct: string}>(
		`select count(*)::text as rows, count(distinct url_path)::text as distinct
		 from website_event where website_id = $1 and event_name = $2`,
		[umami.websiteId, name],
	);
	const storedRows = Number(row?.rows ?? 0);
	const storedDistinct = Number(row?.distinct ?? 0);
	const unaccounted = stats.tracked - storedDistinct - stats.droppedTotal - stats.filtered;
	const rss = samples.map((s) => s.rssMb);
	const upSeconds = (Date.now() - start) / 1000 - (outage ? outage.endedAtS - outage.startedAtS : 0);
	const report: SoakReport = {
		tag,
		minutes: options.minutes,
		rate: options.rate,
		outage,
		durationS: round1((trackingEnd - start) / 1000),
		drainS,
		stats,
		storedRows,
		storedDistinct,
		duplicates: storedRows - storedDistinct,
		unaccounted,
		sentMinusStored: stats.sent - storedRows,
		storedPerSecond: round1(storedRows / upSeconds),
		samples,
		rssStartMb: rss[0] ?? 0,
		rssMaxMb: Math.max(...rss),
		rssEndMb: rss.at(-1) ?? 0,
		ok: unaccounted === 0 && stats.queued === 0,
	};
	if (!options.umami) await umami.stop();
	return report;
}

export function formatReport(report: SoakReport): string {
	const dropped = Object.entries(report.stats.dropped)
		.filter(([, n]) => n > 0)
		.map(([reason, n]) => `${reason} ${n}`)
		.join(', ');
	return [
		`soak ${report.tag}: ${report.minutes} min at ${report.rate}/s${report.outage ? `, Umami down ${report.outage.startedAtS}s–${report.outage.endedAtS}s` : ''}`,
		`  tracked        ${report.stats.tracked}`,
		`  sent (client)  ${report.stats.sent}   retried ${report.stats.retried}`,
		`  stored in SQL  ${report.storedRows} rows, ${report.storedDistinct} distinct (${report.duplicates} duplicates)`,
		`  dropped        ${report.stats.droppedTotal}${dropped ? ` (${dropped})` : ''}`,
		`  unaccounted    ${report.unaccounted}   (tracked − stored distinct − dropped − filtered)`,
		`  sent − stored  ${report.sentMinusStored}`,
		`  ingest rate    ${report.storedPerSecond} stored/s while up; drain ${report.drainS}s`,
		`  RSS            start ${report.rssStartMb} MB, max ${report.rssMaxMb} MB, end ${report.rssEndMb} MB`,
		`  result         ${report.ok ? 'OK: every event accounted for' : 'FAIL'}`,
	].join('\n');
}

function parseArgs(argv: readonly string[]): SoakOptions & {json: string | undefined; keep: boolean} {
	const value = (flag: string): string | undefined => {
		const at = argv.indexOf(flag);
		return at === -1 ? undefined : argv[at + 1];
	};
	const minutes = Number(value('--minutes') ?? 10);
	const rate = Number(value('--rate') ?? 2000);
	const outageSeconds = Number(value('--outage') ?? 20);
	const queue = value('--queue');
	if (!(minutes > 0 && minutes <= 120) || !(rate > 0 && rate <= 100_000) || !(outageSeconds >= 0)) {
		throw new Error(
			'usage: soak.ts --minutes M (0–120] --rate N (0–100000] [--outage S] [--json PATH] [--keep]',
		);
	}
	return {
		minutes,
		rate,
		outageSeconds,
		...(queue === undefined ? {} : {queueSize: Number(queue)}),
		json: value('--json'),
		keep: argv.includes('--keep'),
	};
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const umami = await startOwnUmami(SOAK_INSTANCE);
	console.log(`own Umami at ${umami.url} (state ${SOAK_INSTANCE.stateDir})`);
	let report: SoakReport;
	try {
		report = await runSoak({...args, umami});
	} finally {
		if (!args.keep) await umami.stop();
	}
	console.log(formatReport(report));
	const path = args.json ?? `.tmp/soak-${args.rate}x${args.minutes}.json`;
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, `${JSON.stringify({...report, at: new Date().toISOString()}, null, '\t')}\n`);
	console.log(`report written to ${path}`);
	process.exitCode = report.ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 2;
	});
}
