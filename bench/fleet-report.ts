/** Renders `bench/fleet.ts`'s run as `docs/fleet.md` and its charts as `docs/bench/fleet-*.svg`. */
import {writeFileSync} from 'node:fs';
import {timelineChart} from './chart.js';
import type {ProxyFigures} from './fleet-proxy.js';
import type {FleetProcessResult} from './scenarios/fleet-process.js';

/** One process of a phase, with what SQL holds of its events. */
export interface FleetProcess extends FleetProcessResult {
	readonly storedRows: number;
	readonly storedDistinct: number;
}

/** One phase of the run. */
export interface FleetPhase {
	readonly name: string;
	readonly description: string;
	readonly ratePerProcess: number;
	readonly seconds: number;
	readonly steps: readonly {readonly atS: number; readonly label: string}[];
	readonly timeoutMs: number;
	readonly processes: readonly FleetProcess[];
	readonly proxy: ProxyFigures;
	/** From the first process that stopped tracking to the last one drained. */
	readonly fleetDrainMs: number;
	/** When tracking stopped, in seconds of the proxy's timeline. */
	readonly stopAtS: number;
}

/** The whole run, as written to JSON. */
export interface FleetRun {
	readonly run: string;
	readonly startedAt: string;
	readonly settings: {
		readonly quick: boolean;
		readonly processes: number;
		readonly seconds: number;
		readonly factor: number;
		readonly queueSize: number;
	};
	readonly ceiling: {readonly perSecond: number; readonly stored: number};
	readonly node: string;
	readonly cores: number;
	readonly loadAtStart: readonly number[];
	readonly loadAtEnd: readonly number[];
	readonly phases: readonly FleetPhase[];
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const fmt = (value: number): string => value.toLocaleString('en-US');
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

function reasons(dropped: Readonly<Record<string, number>>): string {
	const entries = Object.entries(dropped);
	return entries.length === 0 ? '0' : entries.map(([reason, count]) => `${reason} ${fmt(count)}`).join(', ');
}

function processTable(phase: FleetPhase): string[] {
	const rows = phase.processes.map((p) => {
		const gap = p.tracked - p.sent - p.droppedTotal - p.filtered;
		const errors = Object.entries(p.errors)
			.map(([code, count]) => `${code} ${fmt(count)}`)
			.join(', ');
		return `| ${p.proc} | ${fmt(p.tracked)} | ${fmt(p.sent)} | ${reasons(p.dropped)} | **${gap}** | ${fmt(p.storedDistinct)} | ${fmt(p.storedRows - p.storedDistinct)} | ${errors || '—'} | ${p.peakRssMb} | ${p.loopDelayMs.p99} / ${p.loopDelayMs.max} | ${seconds(p.drainMs)} |`;
	});
	return [
		'| process | tracked | delivered (client) | dropped, by reason | tracked − delivered − dropped | stored in SQL (distinct) | duplicates (SQL) | onError | peak RSS MB | loop delay p99 / max ms | drain s |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		...rows,
	];
}

function summary(phase: FleetPhase): string[] {
	const p = phase.processes;
	const tracked = sum(p.map((x) => x.tracked));
	const sent = sum(p.map((x) => x.sent));
	const dropped = sum(p.map((x) => x.droppedTotal));
	const rows = sum(p.map((x) => x.storedRows));
	const distinct = sum(p.map((x) => x.storedDistinct));
	return [
		`| | |`,
		`| --- | --- |`,
		`| tracked / delivered / dropped (all processes) | ${fmt(tracked)} / ${fmt(sent)} / ${fmt(dropped)} |`,
		`| stored rows / distinct events in SQL | ${fmt(rows)} / ${fmt(distinct)} (**${fmt(rows - distinct)} duplicates**) |`,
		`| delivered (client) − stored distinct (SQL) | ${sent - distinct} |`,
		`| requests at Umami (through the proxy) | ${fmt(phase.proxy.requests)}; 503 answered by the proxy ${fmt(phase.proxy.answered503)}; given up by the client before the answer ${fmt(phase.proxy.abandoned)} |`,
		`| **peak concurrent requests at Umami** | ${phase.proxy.peakOpen} |`,
		`| drain after the load stopped (first stop → last process empty) | ${seconds(phase.fleetDrainMs)} s |`,
		`| peak RSS per process (max) / event-loop delay p99 (max over processes) | ${Math.max(...p.map((x) => x.peakRssMb))} MB / ${Math.max(...p.map((x) => x.loopDelayMs.p99))} ms |`,
	];
}

/** Requests per second in each bin during `[fromS, toS)` of the proxy's timeline. */
function window(proxy: ProxyFigures, fromS: number, toS: number): number[] {
	const binS = proxy.binMs / 1000;
	return proxy.bins.slice(Math.floor(fromS / binS), Math.ceil(toS / binS)).map((bin) => bin.arrived);
}

function herd(phase: FleetPhase, processes: number): string[] {
	const [down, up] = phase.steps;
	if (down === undefined || up === undefined) return [];
	const binMs = phase.proxy.binMs;
	const during = window(phase.proxy, down.atS + 2, up.atS);
	const after = window(phase.proxy, up.atS, up.atS + 5);
	const busy = during.filter((count) => count > 0).length;
	const mean = sum(during) / Math.max(1, during.length);
	const peakOpenAfter = Math.max(
		0,
		...phase.proxy.bins.slice(Math.floor((up.atS * 1000) / binMs)).map((bin) => bin.peakOpen),
	);
	const spanS = (during.length * binMs) / 1000;
	return [
		`During the outage (from ${down.atS + 2} s, after the requests in flight at its start failed, to ${up.atS} s),`,
		`${processes} processes sent ${fmt(sum(during))} requests: ${(sum(during) / spanS).toFixed(1)} per second (${(sum(during) / spanS / processes).toFixed(1)} per process and second),`,
		`${mean.toFixed(1)} per ${binMs} ms bin on average, at most ${Math.max(0, ...during)} in one bin, and ${busy} of ${during.length} bins held at least one:`,
		`the probes are spread over time. Synchronised retries would put every process's probe into one bin per backoff step and leave the others empty.`,
		`In the 5 s after recovery: ${after.join(', ')} requests per ${binMs} ms bin; at most ${peakOpenAfter} requests open at once at Umami after recovery (${processes} processes × \`maxInFlight\` 2 = ${processes * 2} is the bound).`,
	];
}

function chartFor(phase: FleetPhase): string {
	const binS = phase.proxy.binMs / 1000;
	const bands: {fromS: number; toS: number; label: string}[] = [];
	for (let index = 0; index + 1 < phase.steps.length; index += 2) {
		const from = phase.steps[index]!;
		const to = phase.steps[index + 1]!;
		bands.push({fromS: from.atS, toS: to.atS, label: from.label});
	}
	return timelineChart(
		[
			{
				label: 'requests arriving at Umami (per s)',
				values: phase.proxy.bins.map((bin) => bin.arrived / binS),
				color: '#2f6fde',
			},
			{
				label: 'requests open at once (peak)',
				values: phase.proxy.bins.map((bin) => bin.peakOpen),
				color: '#d68a00',
			},
		],
		{
			title: `Fleet, ${phase.name}: ${phase.processes.length} processes against one Umami 2.10`,
			unit: `per ${phase.proxy.binMs} ms bin`,
			binS,
			bands,
			marks: [{atS: phase.stopAtS, label: 'load stops'}],
			note: phase.description,
		},
	);
}

/** Writes one chart per phase to `dir` as `fleet-<phase>.svg`. */
export function writeFleetCharts(run: FleetRun, dir: string): void {
	for (const phase of run.phases) writeFileSync(`${dir}/fleet-${phase.name}.svg`, chartFor(phase));
}

/** The Markdown page. */
export function renderFleet(run: FleetRun): string {
	const {settings} = run;
	const lines = [
		'# A fleet against one Umami',
		'',
		`Generated by \`npx tsx bench/fleet.ts\` on ${run.startedAt} (run \`${run.run}\`), Node ${run.node}, ${run.cores} cores`,
		`shared with other work (load average ${run.loadAtStart.map((x) => x.toFixed(2)).join(' / ')} at the start, ${run.loadAtEnd.map((x) => x.toFixed(2)).join(' / ')} at the end).`,
		'The server is a real Umami 2.10 + PostgreSQL 15 (`scripts/umami/start.sh`, its own instance), on the same',
		'machine as the fleet; every request goes through a counting proxy on 127.0.0.1 (`bench/fleet-proxy.ts`),',
		'which also injects the outage and the slow answers. Every event is tagged with the run, the process and its',
		'index in its URL path, and counted in `website_event` afterwards. Each process is a separate Node process',
		`(\`bench/scenarios/fleet-process.ts\`) with the defaults except \`queueSize: ${settings.queueSize}\` (what the`,
		'measured ceiling stores in about 60 s for the whole fleet, so the drain fits the run; the default 10,000 would',
		'hold minutes of backlog here). Umami 2.10 has no `/api/batch`: one request per event. What the client does is described',
		'in [delivery.md](delivery.md).',
		'',
		`**Ingest ceiling:** ${run.ceiling.perSecond} events/s stored (${fmt(run.ceiling.stored)} events sent by 16 concurrent \`/api/send\``,
		'requests straight to Umami, counted in SQL).',
		'',
	];
	for (const phase of run.phases) {
		lines.push(
			`## ${phase.name}`,
			'',
			`${settings.processes} processes × ${phase.ratePerProcess} events/s (${fmt(settings.processes * phase.ratePerProcess)}/s in total) for ${phase.seconds} s: ${phase.description}.`,
			'',
			`![${phase.name}](bench/fleet-${phase.name}.svg)`,
			'',
			...summary(phase),
			'',
			...processTable(phase),
			'',
		);
		if (phase.name === 'outage') lines.push(...herd(phase, settings.processes), '');
	}
	const unbalanced = run.phases.flatMap((phase) =>
		phase.processes
			.filter((p) => p.tracked !== p.sent + p.droppedTotal + p.filtered)
			.map((p) => `${phase.name} #${p.proc}`),
	);
	lines.push(
		'## Reading it',
		'',
		`- *tracked − delivered − dropped* is ${unbalanced.length === 0 ? '0 for every process' : `not 0 for ${unbalanced.join(', ')}`}: each event should be delivered or dropped with a`,
		'  counted reason (after the drain nothing is queued). *delivered − stored distinct* compares the client',
		'  with SQL: a positive number is an event counted as delivered that SQL lacks, a negative one an event',
		'  counted as dropped that Umami had stored (an answer lost to a timeout, then the retry dropped).',
		'- *duplicates* are rows stored more than once: a request Umami stored whose answer did not arrive in',
		'  time (the documented timeout case, [delivery.md](delivery.md)).',
		'',
		'## Reproduce',
		'',
		'```sh',
		'npx tsx bench/fleet.ts            # this page and docs/bench/fleet-*.svg',
		'npx tsx bench/fleet.ts --quick    # seconds per phase, 4 processes, prints the page',
		'```',
		'',
	);
	return lines.join('\n');
}
