/**
 * The baseline comparison of the benchmark (`BENCH_BASELINE`, bench/baseline.ts and bench/report-baseline.ts):
 * figures paired round by round, the section rendered from them, and the report without a baseline left as it
 * was. Pure parts only; no timing is measured or asserted.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {
	alternated,
	BASELINE,
	baselineCommit,
	COMMIT_FILE,
	pairRound,
	type BaselineOutcome,
	type Paired,
} from '../../bench/baseline.js';
import {ReportCharts} from '../../bench/report-charts.js';
import {baselineSection, roundRatios} from '../../bench/report-baseline.js';
import {renderReport, type ReportInput} from '../../bench/report.js';
import {sizes} from '../../bench/runner.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'umami-guard-baseline-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

describe('pairRound', () => {
	it('pairs every compared field of the scenario, one entry per round, rounds aligned', () => {
		const figures: Paired[] = [];
		pairRound(figures, 'delivery', {eventsPerSecond: 100, peakRssGrowthMb: 40}, {eventsPerSecond: 80});
		pairRound(
			figures,
			'delivery',
			{eventsPerSecond: 90, peakRssGrowthMb: 42},
			{eventsPerSecond: 90, peakRssGrowthMb: 50},
		);
		expect(figures.map((f) => [f.key, f.current, f.baseline])).toEqual([
			['eventsPerSecond', [100, 90], [80, 90]],
			['peakRssGrowthMb', [40, 42], [Number.NaN, 50]],
		]);
	});

	it('keeps the frameworks of the middleware scenario apart', () => {
		const figures: Paired[] = [];
		pairRound(figures, 'middleware', {cpuAddedUs: 2}, {cpuAddedUs: 4}, 'express');
		pairRound(figures, 'middleware', {cpuAddedUs: 1}, {cpuAddedUs: 1}, 'fastify');
		pairRound(figures, 'middleware', {cpuAddedUs: 3}, {cpuAddedUs: 2}, 'express');
		expect(figures.map((f) => [f.within, f.current, f.baseline])).toEqual([
			['express', [2, 3], [4, 2]],
			['fastify', [1], [1]],
		]);
	});
});

describe('alternated', () => {
	it('swaps the current build and the baseline in odd rounds, and nothing else', () => {
		const even = ['none', 'umami-guard', BASELINE, '@umami/node'];
		expect(alternated(even, 0)).toEqual(even);
		expect(alternated(even, 1)).toEqual(['none', BASELINE, 'umami-guard', '@umami/node']);
	});

	it('leaves a round without the baseline as it is', () => {
		expect(alternated(['umami-guard', '@umami/node', 'none'], 1)).toEqual([
			'umami-guard',
			'@umami/node',
			'none',
		]);
	});
});

describe('roundRatios', () => {
	it('divides current by baseline within each round; a missing side or a zero baseline is NaN', () => {
		const figure: Paired = {
			scenario: 'cost',
			within: '',
			key: 'nsPerCall',
			current: [1000, 1100, 900, Number.NaN],
			baseline: [800, 0, 900, 1000],
		};
		expect(roundRatios(figure)).toEqual([1.25, Number.NaN, 1, Number.NaN]);
	});
});

const outcome: BaselineOutcome = {
	dir: '/tmp/before/dist',
	commit: '45a8094',
	figures: [
		{
			scenario: 'cost',
			within: '',
			key: 'nsPerCall',
			current: [1200, 1400, 1300],
			baseline: [1000, 1400, 1300],
		},
		{scenario: 'middleware', within: 'fastify', key: 'cpuAddedUs', current: [2, 3], baseline: [4, 3]},
		{scenario: 'sanitizer', within: '', key: 'object', current: [20, 30], baseline: [25, 25]},
	],
};

describe('baselineSection', () => {
	it('names the build and its commit, and gives medians, the median ratio and every round', () => {
		const md = baselineSection(outcome).join('\n');
		expect(md).toContain('## Against the baseline build');
		expect(md).toContain('`/tmp/before/dist`, commit 45a8094');
		expect(md).toContain('| cost: ns / call | 1,300 | 1,300 | 1.000 | 1.200, 1.000, 1.000 | lower |');
		expect(md).toContain(
			'| middleware (fastify): CPU µs added / request | 2.50 | 3.50 | 0.750 | 0.500, 1.000 | lower |',
		);
		expect(md).toContain('| sanitizer: objects MB/s | 25.00 | 25.00 | 1.000 | 0.800, 1.200 | higher |');
	});

	it('says so when no compared scenario ran', () => {
		expect(baselineSection({...outcome, figures: []}).join('\n')).toContain('no compared scenario ran');
	});
});

describe('renderReport', () => {
	const input: ReportInput = {
		results: {},
		problems: [],
		sanitizerText: '',
		command: 'npm run bench -- --only outage',
		startedAt: new Date(0),
		runs: 1,
		size: sizes(true),
		load0: [0, 0, 0],
		load1: [0, 0, 0],
		versions: {},
	};

	it('has no baseline section without a baseline build', () => {
		expect(renderReport(input, new ReportCharts())).not.toContain('baseline');
	});

	it('puts the baseline section before the targets', () => {
		const md = renderReport({...input, baseline: outcome}, new ReportCharts());
		expect(md.indexOf('## Against the baseline build')).toBeGreaterThan(0);
		expect(md.indexOf('## Against the baseline build')).toBeLessThan(md.indexOf('## Targets'));
	});
});

describe('baselineCommit', () => {
	it('reads the first line of the COMMIT file beside the build', () => {
		const dir = join(scratch, 'copied-dist');
		mkdirSync(dir);
		writeFileSync(join(dir, COMMIT_FILE), '45a8094 before the restructure\nmore\n');
		expect(baselineCommit(dir)).toBe('45a8094 before the restructure');
	});

	it('asks git when the build sits in a checkout', () => {
		const head = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], {encoding: 'utf8'}).trim();
		expect(baselineCommit(join(root, 'bench'))).toBe(head);
	});

	it('says unknown commit elsewhere', () => {
		expect(baselineCommit(scratch)).toBe('unknown commit');
	});
});
