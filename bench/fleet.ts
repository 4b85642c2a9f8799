/**
 * A fleet against one Umami: N processes push more than a real Umami v2.10 + PostgreSQL can store, through a
 * counting proxy on 127.0.0.1 (`bench/fleet-proxy.ts`). Uses its OWN Umami (state dir `.umami-e2e-fleet`,
 * its own ports; never the shared test server), started with scripts/umami/start.sh.
 *
 *   npx tsx bench/fleet.ts            # the published run: 8 processes, 60 s at 5× the ceiling → docs/fleet.md
 *   npx tsx bench/fleet.ts --quick    # a few seconds per phase, 4 processes → .tmp/fleet-quick.json only
 *
 * Phases, each a fresh fleet of child processes (`bench/scenarios/fleet-process.ts`), every event tagged
 * `/fleet/<run>-<phase>/<process>/<index>` and counted in SQL afterwards:
 * 1. ceiling — events/s Umami stores when fed directly by 16 concurrent `/api/send` requests;
 * 2. overload — N processes tracking `factor` × the ceiling in total, then stop and drain;
 * 3. outage — half the ceiling; the proxy answers 503 for a while, then recovers (request rate over time);
 * 4. slow — the proxy holds every answer around the request timeout (Umami stored the event already).
 *
 * Options: --quick, --processes N, --seconds S (overload), --factor F, --queue N (queueSize per process;
 * default: what the measured ceiling drains in 60 s, 10 s with --quick, so the drain fits the run),
 * --phases overload,outage,slow, --json PATH, --keep (leave Umami running), --render JSON (rewrite the page
 * and charts from a saved run, nothing measured). Exit code 1 when a process's
 * counts do not add up (tracked ≠ delivered + dropped).
 */
import {Agent, request} from 'node:http';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg, tmpdir} from 'node:os';
import {parseArgs} from 'node:util';
import {DEFAULT_USER_AGENT} from '../src/config/resolve.js';
import {startOwnUmami, type OwnUmami} from '../test/reliability/own-umami.js';
import {startCountingProxy, type CountingProxy, type ProxyFigures, type ProxyMode} from './fleet-proxy.js';
import {renderFleet, writeFleetCharts, type FleetPhase, type FleetRun} from './fleet-report.js';
import {ROOT, runChild, sleep} from './lib.js';
import type {FleetProcessArgs, FleetProcessResult} from './scenarios/fleet-process.js';

export const FLEET_INSTANCE = {stateDir: '.umami-e2e-fleet'};

interface Settings {
	readonly quick: boolean;
	readonly processes: number;
	readonly seconds: number;
	readonly factor: number;
	/** `queueSize` per process; by default what the fleet's ceiling drains in `drainS`. */
	readonly queueSize: number | undefined;
	readonly drainS: number;
	readonly phases: readonly string[];
}

/** A change of the proxy's mode, `atS` seconds after the fleet starts tracking. */
interface Step {
	readonly atS: number;
	readonly mode: ProxyMode;
	readonly label: string;
}

const {values} = parseArgs({
	options: {
		quick: {type: 'boolean', default: false},
		processes: {type: 'string'},
		seconds: {type: 'string'},
		factor: {type: 'string'},
		queue: {type: 'string'},
		phases: {type: 'string', default: 'overload,outage,slow'},
		json: {type: 'string'},
		keep: {type: 'boolean', default: false},
		render: {type: 'string'},
	},
});
const quick = values.quick === true;
const settings: Settings = {
	quick,
	processes: Number(values.processes ?? (quick ? 4 : 8)),
	seconds: Number(values.seconds ?? (quick ? 8 : 60)),
	factor: Number(values.factor ?? 5),
	queueSize: values.queue === undefined ? undefined : Number(values.queue),
	drainS: quick ? 10 : 60,
	phases: (values.phases ?? '').split(',').filter(Boolean),
};
const run = Math.random().toString(36).slice(2, 10);
const log = (line: string): void => console.log(`[fleet] ${line}`);

/** Stored events/s when 16 concurrent requests go straight to Umami's `/api/send` for `seconds`. */
async function measureCeiling(
	umami: OwnUmami,
	seconds: number,
): Promise<{perSecond: number; stored: number}> {
	const agent = new Agent({keepAlive: true});
	const target = new URL(umami.url);
	const send = (index: number): Promise<void> =>
		new Promise((resolve) => {
			const body = JSON.stringify({
				type: 'event',
				payload: {website: umami.websiteId, url: `/fleet/${run}-ceiling/0/${index}`, name: 'ceiling'},
			});
			const req = request(
				{
					host: target.hostname,
					port: target.port,
					path: '/api/send',
					method: 'POST',
					agent,
					headers: {'content-type': 'application/json', 'user-agent': DEFAULT_USER_AGENT},
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve());
				},
			);
			req.on('error', () => resolve());
			req.end(body);
		});
	// The first request creates the session (Umami 2.10 races on concurrent first requests of one session);
	// then 3 s unmeasured, so that Next.js's first compilation of the route is not counted.
	let next = 0;
	await send(next++);
	const warm = Date.now() + 3000;
	await Promise.all(
		Array.from({length: 16}, async () => {
			while (Date.now() < warm) await send(next++);
		}),
	);
	const [before] = await umami.query<{n: string}>(
		'select count(*) as n from website_event where website_id = $1 and url_path like $2',
		[umami.websiteId, `/fleet/${run}-ceiling/%`],
	);
	const started = Date.now();
	const deadline = started + seconds * 1000;
	const worker = async (): Promise<void> => {
		while (Date.now() < deadline) await send(next++);
	};
	await Promise.all(Array.from({length: 16}, worker));
	const elapsed = (Date.now() - started) / 1000;
	agent.destroy();
	const [row] = await umami.query<{n: string}>(
		'select count(*) as n from website_event where website_id = $1 and url_path like $2',
		[umami.websiteId, `/fleet/${run}-ceiling/%`],
	);
	const stored = Number(row?.n ?? 0) - Number(before?.n ?? 0);
	return {perSecond: Math.round((stored / elapsed) * 10) / 10, stored};
}

/** Rows per process for a phase: stored rows and distinct events. */
async function storedRows(
	umami: OwnUmami,
	tag: string,
): Promise<Map<number, {rows: number; distinct: number}>> {
	const rows = await umami.query<{proc: string; rows: string; distinct: string}>(
		`select split_part(url_path, '/', 4) as proc, count(*) as rows, count(distinct url_path) as distinct
		   from website_event where website_id = $1 and url_path like $2 group by 1`,
		[umami.websiteId, `/fleet/${tag}/%`],
	);
	return new Map(
		rows.map((row) => [Number(row.proc), {rows: Number(row.rows), distinct: Number(row.distinct)}]),
	);
}

interface PhaseSpec {
	readonly name: string;
	readonly ratePerProcess: number;
	readonly seconds: number;
	readonly steps: readonly Step[];
	readonly timeoutMs?: number;
	readonly description: string;
}

async function runPhase(
	umami: OwnUmami,
	proxy: CountingProxy,
	spec: PhaseSpec,
	queueSize: number,
): Promise<FleetPhase> {
	const tag = `${run}-${spec.name}`;
	// Every process starts tracking at the same moment, once all of them are loaded (tsx start-up on a
	// loaded machine takes seconds and varies).
	const barrier = mkdtempSync(`${tmpdir()}/fleet-${tag}-`);
	log(`${spec.name}: ${settings.processes} processes × ${spec.ratePerProcess}/s for ${spec.seconds} s`);
	const children = Array.from({length: settings.processes}, (_, proc) =>
		runChild<FleetProcessResult>(
			'fleet-process.ts',
			{
				url: proxy.url,
				websiteId: umami.websiteId,
				run: tag,
				proc,
				rate: spec.ratePerProcess,
				seconds: spec.seconds,
				startAt: 0,
				barrier,
				drainLimitMs: 600_000,
				queueSize,
				...(spec.timeoutMs === undefined ? {} : {timeoutMs: spec.timeoutMs}),
			} satisfies FleetProcessArgs,
			900_000,
		),
	);
	while (readdirSync(barrier).length < settings.processes) await sleep(100);
	const startAt = Date.now() + 1000;
	writeFileSync(`${barrier}/go`, String(startAt));
	await sleep(startAt - Date.now());
	proxy.setMode({type: 'pass'});
	proxy.reset();
	const timers = spec.steps.map((step) =>
		setTimeout(() => {
			log(`${spec.name}: t=${step.atS}s ${step.label}`);
			proxy.setMode(step.mode);
		}, step.atS * 1000),
	);
	const outcomes = await Promise.all(children);
	rmSync(barrier, {recursive: true, force: true});
	for (const timer of timers) clearTimeout(timer);
	proxy.setMode({type: 'pass'});
	const figures: ProxyFigures = proxy.figures();
	const stored = await storedRows(umami, tag);
	const processes = outcomes.map((outcome, proc) => {
		if (outcome.result === undefined)
			throw new Error(`process ${proc} failed: ${outcome.stderr.slice(-2000)}`);
		const inSql = stored.get(proc) ?? {rows: 0, distinct: 0};
		return {...outcome.result, storedRows: inSql.rows, storedDistinct: inSql.distinct};
	});
	const stoppedAt = Math.min(...processes.map((process) => process.stoppedAt));
	return {
		name: spec.name,
		description: spec.description,
		ratePerProcess: spec.ratePerProcess,
		seconds: spec.seconds,
		steps: spec.steps.map(({atS, label}) => ({atS, label})),
		timeoutMs: spec.timeoutMs ?? 10_000,
		processes,
		proxy: figures,
		fleetDrainMs: Math.max(...processes.map((process) => process.drainedAt)) - stoppedAt,
		stopAtS: (stoppedAt - figures.since) / 1000,
	};
}

function phaseSpecs(ceiling: number): PhaseSpec[] {
	const n = settings.processes;
	const perProcess = (total: number): number => Math.max(1, Math.ceil(total / n));
	const outage = quick ? {from: 4, to: 10, seconds: 16} : {from: 10, to: 30, seconds: 45};
	// The slow answers start after the first flush (5 s): on Umami 2.10 it meets the 404 of `/api/batch` and
	// switches to `/api/send`; a held 404 stores nothing, so timing it out would hide the duplicates.
	const slow = quick
		? {from: 7, to: 15, seconds: 18, minMs: 1000, maxMs: 3000, timeoutMs: 2000}
		: {from: 10, to: 40, seconds: 50, minMs: 5000, maxMs: 15_000, timeoutMs: 10_000};
	const all: PhaseSpec[] = [
		{
			name: 'overload',
			ratePerProcess: perProcess(settings.factor * ceiling),
			seconds: settings.seconds,
			steps: [],
			description: `${settings.factor}× the measured ceiling in total, then stop and drain`,
		},
		{
			name: 'outage',
			ratePerProcess: perProcess(ceiling / 2),
			seconds: outage.seconds,
			steps: [
				{atS: outage.from, mode: {type: 'fail'}, label: 'proxy answers 503'},
				{atS: outage.to, mode: {type: 'pass'}, label: 'Umami back'},
			],
			description: `half the ceiling in total; the proxy answers 503 from ${outage.from} s to ${outage.to} s`,
		},
		{
			name: 'slow',
			ratePerProcess: perProcess(ceiling / 4),
			seconds: slow.seconds,
			timeoutMs: slow.timeoutMs,
			steps: [
				{
					atS: slow.from,
					mode: {type: 'slow', minMs: slow.minMs, maxMs: slow.maxMs},
					label: `answers held ${slow.minMs / 1000}–${slow.maxMs / 1000} s`,
				},
				{atS: slow.to, mode: {type: 'pass'}, label: 'answers fast again'},
			],
			description: `a quarter of the ceiling in total; from ${slow.from} s to ${slow.to} s the proxy holds every answer ${slow.minMs / 1000}–${slow.maxMs / 1000} s (uniform) after Umami stored it; request timeout ${slow.timeoutMs / 1000} s`,
		},
	];
	return all.filter((spec) => settings.phases.includes(spec.name));
}

if (values.render !== undefined) {
	// Re-render the page and charts from a run's JSON (after a change to the report only).
	const saved = JSON.parse(readFileSync(values.render, 'utf8')) as FleetRun;
	writeFleetCharts(saved, `${ROOT}docs/bench`);
	writeFileSync(`${ROOT}docs/fleet.md`, renderFleet(saved));
	process.exit(0);
}

const umami = await startOwnUmami(FLEET_INSTANCE);
const proxy = await startCountingProxy(umami.url);
let failed = false;
try {
	const startedAt = new Date().toISOString();
	const load = loadavg();
	log(`run ${run}: measuring the ingest ceiling of ${umami.url}`);
	const ceiling = await measureCeiling(umami, quick ? 5 : 15);
	log(`ceiling: ${ceiling.perSecond} events/s stored (${ceiling.stored} events)`);
	const phases: FleetPhase[] = [];
	const queueSize =
		settings.queueSize ?? Math.max(20, Math.ceil((ceiling.perSecond * settings.drainS) / settings.processes));
	for (const spec of phaseSpecs(ceiling.perSecond))
		phases.push(await runPhase(umami, proxy, spec, queueSize));
	const result: FleetRun = {
		run,
		startedAt,
		settings: {...settings, queueSize},
		ceiling,
		node: process.version,
		cores: availableParallelism(),
		loadAtStart: load,
		loadAtEnd: loadavg(),
		phases,
	};
	mkdirSync(`${ROOT}.tmp`, {recursive: true});
	const json = values.json ?? `${ROOT}.tmp/fleet-${quick ? 'quick' : 'full'}.json`;
	writeFileSync(json, `${JSON.stringify(result, null, 1)}\n`);
	log(`wrote ${json}`);
	const page = renderFleet(result);
	if (!quick) {
		writeFleetCharts(result, `${ROOT}docs/bench`);
		writeFileSync(`${ROOT}docs/fleet.md`, page);
		log('wrote docs/fleet.md and docs/bench/fleet-*.svg');
	} else console.log(page);
	failed = phases.some((phase) =>
		phase.processes.some((p) => p.tracked !== p.sent + p.droppedTotal + p.filtered),
	);
} finally {
	await proxy.close();
	if (values.keep === true) log(`Umami left running at ${umami.url}`);
	else await umami.stop();
}
process.exit(failed ? 1 : 0);
