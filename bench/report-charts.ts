/**
 * The charts of the benchmark report: which figure each one shows, its title, unit and target line. Each method
 * renders one SVG (`chart.ts`), keeps it for `bench/run.ts` to write, and returns the markdown that shows it.
 */
import {barChart, type Bar, type ChartOptions} from './chart.js';
import type {Row} from './runner.js';

/** One rendered chart: its file name under `bench/`, the SVG, and its alt text. */
export interface RenderedChart {
	readonly file: string;
	readonly svg: string;
	readonly alt: string;
}

/** One bar per peer, umami-guard highlighted; a missing figure is drawn as n/a. */
const peerBars = (rows: Row[] | undefined, key: string): Bar[] =>
	(rows ?? []).map((r) => ({
		label: String(r['peer']),
		value: typeof r[key] === 'number' ? r[key] : Number.NaN,
		ours: r['peer'] === 'umami-guard',
	}));

/** The charts of one report, in the order the sections add them. */
export class ReportCharts {
	readonly rendered: RenderedChart[] = [];

	#add(file: string, alt: string, bars: Bar[], options: ChartOptions): string {
		this.rendered.push({file, svg: barChart(bars, options), alt});
		return `![${alt}](bench/${file})`;
	}

	costPerCall(rows: Row[]): string {
		return this.#add('cost-per-call.svg', 'ns per track call', peerBars(rows, 'nsPerCall'), {
			title: 'Cost of a track call (burst, default settings)',
			unit: 'ns per call',
			lowerIsBetter: true,
			log: true,
			target: 2000,
		});
	}

	deliveryEventsPerSecond(rows: Row[]): string {
		return this.#add(
			'delivery-events-per-second.svg',
			'events per second until delivered',
			peerBars(rows, 'eventsPerSecond'),
			{
				title: 'Events/s until delivered to the sink',
				unit: 'events per second',
			},
		);
	}

	deliveryMemory(rows: Row[]): string {
		return this.#add(
			'delivery-memory.svg',
			'RSS growth with the burst queued',
			peerBars(rows, 'peakRssGrowthMb'),
			{
				title: 'Peak RSS growth, burst queued and delivered',
				unit: 'MB',
				lowerIsBetter: true,
				target: 100,
			},
		);
	}

	deliveryRequests(rows: Row[]): string {
		return this.#add(
			'delivery-requests.svg',
			'HTTP requests per 10k events',
			peerBars(rows, 'requestsPer10k'),
			{
				title: 'HTTP requests per 10,000 events',
				unit: 'requests',
				lowerIsBetter: true,
				log: true,
				target: 200,
			},
		);
	}

	outageRecovery(rows: Row[]): string {
		return this.#add(
			'outage-recovery.svg',
			'seconds from recovery to the last event',
			peerBars(rows, 'recoverySeconds'),
			{
				title: 'Outage: recovery to the last queued event',
				unit: 'seconds',
				lowerIsBetter: true,
				target: 2,
			},
		);
	}

	sanitizerThroughput(rows: Row[]): string {
		return this.#add(
			'sanitizer-throughput.svg',
			'sanitizer MB/s',
			rows.map((r) => ({
				label: String(r['sanitizer']),
				value: r['mbPerSecond'] as number,
				ours: r['sanitizer'] === 'umami-guard',
			})),
			{title: 'Sanitizer throughput (text + URLs)', unit: 'MB/s'},
		);
	}

	sanitizerRecall(rows: Row[]): string {
		return this.#add(
			'sanitizer-recall.svg',
			'sanitizer recall',
			rows.map((r) => ({
				label: String(r['sanitizer']),
				value: Number.parseFloat(String(r['recall'])),
				ours: r['sanitizer'] === 'umami-guard',
			})),
			{title: 'Sanitizer recall on the labelled corpus', unit: '% of PII removed'},
		);
	}

	middlewareThroughput(rows: Row[]): string {
		return this.#add(
			'middleware-throughput.svg',
			'requests per second with and without tracking',
			rows.map((r) => ({
				label: `${String(r['framework'])} ${String(r['route'] ?? 'hello')} + ${String(r['variant'])}`,
				value: r['rps'] as number,
				ours: r['variant'] === 'umami-guard',
			})),
			{title: 'Requests/s per app and route, with and without tracking', unit: 'requests per second'},
		);
	}

	/** `label` names each row (a direct-post row by its concurrency, a client by name). */
	realUmami(rows: Row[], label: (r: Row) => string): string {
		return this.#add(
			'real-umami.svg',
			'events per second stored by the real Umami',
			rows.map((r) => ({
				label: label(r),
				value: r['storedPerSecond'] as number,
				ours: r['variant'] === 'umami-guard',
			})),
			{title: 'Real Umami v2.10: events/s stored (SQL)', unit: 'events per second'},
		);
	}
}
