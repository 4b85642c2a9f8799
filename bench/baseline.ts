/**
 * The baseline build: `BENCH_BASELINE=DIR` names another build of umami-guard (its `dist/`), which the cost,
 * delivery, middleware and sanitizer scenarios measure as an extra subject in the same rounds as the current
 * build, so that a before/after comparison is one run on one machine state rather than two runs hours apart.
 * This file says where that build is, which commit it is, which figures are compared, and pairs them round by
 * round. It never imports `dist/` itself (the middleware server loads it without reading the current build).
 */
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';

/** The subject name of the baseline build in every table. */
export const BASELINE = 'umami-guard (baseline)';

/** The baseline build's directory (absolute), or undefined when `BENCH_BASELINE` is not set. */
export const BASELINE_DIR: string | undefined =
	process.env['BENCH_BASELINE'] === undefined || process.env['BENCH_BASELINE'] === ''
		? undefined
		: resolve(process.env['BENCH_BASELINE']);

/** The file beside (inside) a baseline build that names its commit, for a build copied out of its checkout. */
export const COMMIT_FILE = 'COMMIT';

/**
 * Which commit the build in `dir` is: the first line of `dir/COMMIT` when there is one, else the short hash of
 * the checkout `dir` sits in (`git rev-parse`), else `unknown commit`.
 */
export function baselineCommit(dir: string): string {
	const file = join(dir, COMMIT_FILE);
	if (existsSync(file)) return readFileSync(file, 'utf8').split('\n')[0]!.trim();
	try {
		return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}).trim();
	} catch {
		return 'unknown commit';
	}
}

/** A module of the baseline build (`index.js`, `sanitize.js`, `express.js` …), typed as the current one. */
export async function importBaseline<T>(file: string): Promise<T> {
	if (BASELINE_DIR === undefined) throw new Error('BENCH_BASELINE is not set');
	return (await import(pathToFileURL(join(BASELINE_DIR, file)).href)) as T;
}

/**
 * `order` (subject names of one round) with the current build and the baseline swapped in odd rounds, so that
 * neither always runs first; unchanged without a baseline.
 */
export function alternated(order: readonly string[], run: number): string[] {
	const [i, j] = [order.indexOf('umami-guard'), order.indexOf(BASELINE)];
	const out = [...order];
	if (run % 2 === 1 && i >= 0 && j >= 0) [out[i], out[j]] = [BASELINE, 'umami-guard'];
	return out;
}

/** One compared figure: the row field, its label in the report, and which way is better. */
export interface Compared {
	readonly key: string;
	readonly label: string;
	readonly better: 'lower' | 'higher';
}

/** The figures compared with the baseline, by scenario. */
export const COMPARED = {
	cost: [
		{key: 'nsPerCall', label: 'ns / call', better: 'lower'},
		{key: 'cpuNsPerCall', label: 'CPU ns / call (burst)', better: 'lower'},
		{key: 'cpuUsPerEvent', label: 'CPU µs / delivered event', better: 'lower'},
	],
	delivery: [
		{key: 'eventsPerSecond', label: 'events/s', better: 'higher'},
		{key: 'peakRssGrowthMb', label: 'peak RSS MB', better: 'lower'},
	],
	middleware: [{key: 'cpuAddedUs', label: 'CPU µs added / request', better: 'lower'}],
	sanitizer: [
		{key: 'text', label: 'text MB/s', better: 'higher'},
		{key: 'url', label: 'URLs MB/s', better: 'higher'},
		{key: 'object', label: 'objects MB/s', better: 'higher'},
	],
} as const satisfies Record<string, readonly Compared[]>;

/** A scenario that compares the baseline build. */
export type ComparedScenario = keyof typeof COMPARED;

/** One figure of both builds, round by round: index r of `current` and `baseline` is round r. */
export interface Paired {
	readonly scenario: ComparedScenario;
	/** What within the scenario (the framework of a middleware figure); '' when the scenario has one. */
	readonly within: string;
	readonly key: string;
	readonly current: number[];
	readonly baseline: number[];
}

/** What the report says about the baseline: which build, and every figure paired so far. */
export interface BaselineOutcome {
	readonly dir: string;
	readonly commit: string;
	readonly figures: Paired[];
}

/**
 * Adds one round of `scenario`: the compared fields of the current build's row and the baseline's row, measured
 * in the same round (a missing field counts as NaN, so the rounds stay aligned).
 */
export function pairRound(
	figures: Paired[],
	scenario: ComparedScenario,
	current: Readonly<Record<string, unknown>>,
	baseline: Readonly<Record<string, unknown>>,
	within = '',
): void {
	const value = (row: Readonly<Record<string, unknown>>, key: string): number =>
		typeof row[key] === 'number' ? row[key] : Number.NaN;
	for (const {key} of COMPARED[scenario]) {
		let figure = figures.find((f) => f.scenario === scenario && f.within === within && f.key === key);
		if (figure === undefined) {
			figure = {scenario, within, key, current: [], baseline: []};
			figures.push(figure);
		}
		figure.current.push(value(current, key));
		figure.baseline.push(value(baseline, key));
	}
}
