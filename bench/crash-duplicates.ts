/**
 * Duplicates after a crash with the outbox on, against a real Umami: a child process
 * (`bench/crash-duplicates-child.ts`) tracks `--events` uniquely tagged events and is killed with SIGKILL at a
 * uniformly random moment of its delivery; a restart on the same journal replays what was not acknowledged;
 * then SQL counts the rows of each event. A first run without a kill gives the delivery time the kill
 * moments are drawn from (and checks exactly once without a crash). Prints one line per run and a JSON
 * summary: duplicates per run (min, median, mean, max), events in flight when the kill came, events lost
 * (must be 0), and the bound `maxInFlight × batchSize`.
 *
 * The library's defaults with the outbox on are measured unless `--batch` / `--in-flight` set them.
 * It writes rows to the website (paths `/crashdup/<tag>/<i>`), so point it at a test server only.
 *
 *   npm run build && npx tsx bench/crash-duplicates.ts --url http://127.0.0.1:3931 \
 *     --website <uuid> --database postgres://umami:umami@127.0.0.1:5432/<db> [--runs 30] [--events 1000] \
 *     [--batch 100 --in-flight 2] [--timeout-ms 60000]
 *
 * `--timeout-ms` (default 60 s, not the library's 10 s) keeps the duplicates of a request that timed out
 * on a slow server (the other documented case) out of the figure; the no-kill run shows them if any.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {median, ROOT, sleep} from './lib.js';
import {runTag, target, TARGET_OPTIONS} from './real-umami-target.js';

const {values} = parseArgs({
	options: {
		...TARGET_OPTIONS,
		runs: {type: 'string', default: '30'},
		events: {type: 'string', default: '1000'},
		batch: {type: 'string'},
		'in-flight': {type: 'string'},
		'timeout-ms': {type: 'string', default: '60000'},
	},
});
const {url, website, pool} = target(values);
const runs = Number(values.runs);
const events = Number(values.events);
const batchSize = values.batch === undefined ? undefined : Number(values.batch);
const maxInFlight = values['in-flight'] === undefined ? undefined : Number(values['in-flight']);
const timeoutMs = Number(values['timeout-ms']);

const {resolveConfig} = (await import(
	new URL('../dist/index.js', import.meta.url).href
)) as typeof import('../dist/index.js');
const queue = resolveConfig('crashdup', {
	env: {},
	configFile: false,
	websiteId: website,
	outbox: {enabled: true},
	...(batchSize === undefined ? {} : {batchSize}),
	...(maxInFlight === undefined ? {} : {maxInFlight}),
}).queue;
const bound = queue.batchSize * queue.maxInFlight;

interface Child {
	/** Every stdout line so far. */
	readonly lines: string[];
	/** Resolves with the first line that starts with `prefix`. */
	line(prefix: string): Promise<string>;
	kill(): void;
	readonly exited: Promise<void>;
}

function child(args: Record<string, unknown>): Child {
	const process_ = spawn(
		process.execPath,
		['--import', 'tsx', `${ROOT}bench/crash-duplicates-child.ts`, JSON.stringify(args)],
		{cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NODE_NO_WARNINGS: '1'}},
	);
	const lines: string[] = [];
	let rest = '';
	const waiters: {prefix: string; resolve: (line: string) => void}[] = [];
	process_.stdout.on('data', (chunk: Buffer) => {
		const parts = (rest + chunk.toString()).split('\n');
		rest = parts.pop()!;
		for (const line of parts) {
			lines.push(line);
			for (const waiter of [...waiters]) {
				if (!line.startsWith(waiter.prefix)) continue;
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(line);
			}
		}
	});
	process_.stderr.resume();
	const exited = new Promise<void>((resolve) => process_.once('exit', () => resolve()));
	return {
		lines,
		line: (prefix) =>
			Promise.race([
				new Promise<string>((resolve) => waiters.push({prefix, resolve})),
				exited.then(() => {
					throw new Error(`child exited before "${prefix}"`);
				}),
			]),
		kill: () => process_.kill('SIGKILL'),
		exited,
	};
}

/** Rows per event of run `tag`, once the count stops changing (Umami finishes a killed client's batch). */
async function rows(tag: string): Promise<{total: number; distinct: number; maxPerEvent: number}> {
	let last = -1;
	for (;;) {
		const result = await pool.query<{total: string; distinct: string; most: string | null}>(
			`select count(*) as total, count(distinct url_path) as distinct,
			        (select max(n) from (select count(*) as n from website_event where website_id = $1
			           and url_path like $2 group by url_path) as per) as most
			 from website_event where website_id = $1 and url_path like $2`,
			[website, `/crashdup/${tag}/%`],
		);
		const row = result.rows[0]!;
		const total = Number(row.total);
		if (total === last) return {total, distinct: Number(row.distinct), maxPerEvent: Number(row.most ?? 0)};
		last = total;
		await sleep(1500);
	}
}

interface Run {
	readonly killAtMs: number | undefined;
	readonly sentAtKill: number;
	readonly inFlightAtKill: number;
	readonly deliveredAllMs: number | undefined;
	/** Events retried before all were delivered (timeouts: duplicates without a crash), when they were. */
	readonly retried: number | undefined;
	readonly replayed: number;
	readonly restarts: number;
	readonly total: number;
	readonly distinct: number;
	readonly duplicates: number;
	readonly maxPerEvent: number;
}

async function run(killAfterMs: number | undefined): Promise<Run> {
	const tag = runTag();
	const dir = mkdtempSync(join(tmpdir(), 'umami-guard-crashdup-'));
	const base = {url, website, tag, events, dir, timeoutMs, batchSize, maxInFlight};
	const first = child({...base, mode: 'track'});
	await first.line('TRACKED');
	let killAtMs: number | undefined;
	let deliveredAllMs: number | undefined;
	if (killAfterMs === undefined) {
		deliveredAllMs = Number((await first.line('ALL ')).split(' ')[1]);
	} else {
		await Promise.race([sleep(killAfterMs), first.line('ALL ')]);
		killAtMs = killAfterMs;
	}
	first.kill();
	await first.exited;
	const last = first.lines.findLast((line) => line.startsWith('AT ') || line.startsWith('ALL '));
	const [kind, ms, sent, inFlight] = (last ?? 'AT 0 0 0').split(' ');
	// Restarts until the journal is empty (a restart that gives up on a slow server leaves events in it).
	let replayed = 0;
	let restarts = 0;
	for (let persisted = 1; persisted > 0 && restarts < 10; restarts++) {
		const next = child({...base, mode: 'replay'});
		const done = JSON.parse((await next.line('DONE ')).slice(5)) as {replayed: number; persisted: number};
		await next.exited;
		replayed += restarts === 0 ? done.replayed : 0;
		persisted = done.persisted;
	}
	rmSync(dir, {recursive: true, force: true});
	const counted = await rows(tag);
	return {
		killAtMs,
		sentAtKill: kind === 'ALL' ? events : Number(sent),
		inFlightAtKill: kind === 'ALL' ? 0 : Number(inFlight),
		deliveredAllMs: deliveredAllMs ?? (kind === 'ALL' ? Number(ms) : undefined),
		retried: kind === 'ALL' ? Number(sent) : undefined,
		replayed,
		restarts,
		...counted,
		duplicates: counted.total - counted.distinct,
	};
}

process.stdout.write(
	`Umami ${url}, ${events} events per run, batchSize ${queue.batchSize}, maxInFlight ${queue.maxInFlight} (bound ${bound})\n`,
);
const calibration = await run(undefined);
process.stdout.write(`no kill: ${JSON.stringify(calibration)}\n`);
// Kill moments are drawn over the last observed delivery time (the shared server's speed drifts).
let window = calibration.deliveredAllMs ?? 5000;
const results: Run[] = [];
for (let index = 0; index < runs; index++) {
	const result = await run(Math.random() * window);
	results.push(result);
	if (result.deliveredAllMs !== undefined) window = result.deliveredAllMs;
	process.stdout.write(`run ${index + 1}: ${JSON.stringify(result)}\n`);
}
await pool.end();
const duplicates = results.map((result) => result.duplicates);
const summary = {
	url,
	events,
	runs,
	batchSize: queue.batchSize,
	maxInFlight: queue.maxInFlight,
	bound,
	timeoutMs,
	calibrationMs: calibration.deliveredAllMs,
	eventsPerSecond: Math.round((events / (calibration.deliveredAllMs ?? Number.NaN)) * 1000),
	requestsPer10k: Math.ceil(10_000 / queue.batchSize),
	duplicates: {
		min: Math.min(...duplicates),
		median: median(duplicates),
		mean: duplicates.reduce((sum, value) => sum + value, 0) / runs,
		max: Math.max(...duplicates),
	},
	killedDuringDelivery: results.filter((result) => result.sentAtKill < events).length,
	maxInFlightAtKill: Math.max(...results.map((result) => result.inFlightAtKill)),
	overBound: results.filter((result) => result.duplicates > bound).length,
	lost:
		results.reduce((sum, result) => sum + (events - result.distinct), 0) + (events - calibration.distinct),
	calibrationDuplicates: calibration.duplicates,
};
process.stdout.write(`SUMMARY ${JSON.stringify(summary)}\n`);
