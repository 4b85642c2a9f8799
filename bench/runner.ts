/**
 * The benchmark's runner: each scenario measured in fresh child processes (`bench/scenarios/*.ts`), the runs
 * merged into one row per peer. `bench/run.ts` decides what to run; `bench/report.ts` writes it up.
 */
import {join} from 'node:path';
import {
	alternated,
	BASELINE,
	BASELINE_DIR,
	baselineCommit,
	pairRound,
	type BaselineOutcome,
	type Paired,
} from './baseline.js';
import {measureColdStart} from './cold-start.js';
import {median, ROOT, runChild} from './lib.js';
import {PEERS, type PeerName} from './peers.js';

export const SCENARIOS = [
	'cost',
	'delivery',
	'outage',
	'crash',
	'sanitizer',
	'middleware',
	'umami',
	'cold-start',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** One result row: a peer's (or a variant's) merged figures. */
export type Row = Record<string, unknown>;

/** The rows of every scenario that ran. */
export type Results = Partial<Record<Scenario, Row[]>>;

/** Sizes of every scenario: full, and the seconds-long smoke check. */
export function sizes(quick: boolean) {
	return quick
		? {
				burst: 10_000,
				umamiNodeBurst: 500,
				segmentBurst: 10_000,
				outage: {rate: 500, seconds: 3, downAt: 1, upAt: 2, drainMs: 8_000},
				crashWaitMs: 4_000,
				mw: {
					seconds: 1,
					rateSeconds: 1,
					warmupSeconds: 0.2,
					connections: 50,
					pipelining: 10,
					rate: 1000,
					priority: false,
				},
				umami: 50,
				coldStartRuns: 3,
			}
		: {
				burst: 200_000,
				umamiNodeBurst: 10_000,
				segmentBurst: 50_000,
				outage: {rate: 500, seconds: 20, downAt: 5, upAt: 15, drainMs: 40_000},
				crashWaitMs: 12_000,
				mw: {
					seconds: 6,
					rateSeconds: 10,
					warmupSeconds: 1,
					connections: 50,
					pipelining: 10,
					rate: 1000,
					priority: true,
				},
				umami: 300,
				coldStartRuns: 30,
			};
}

/** The sizes of one run (see {@link sizes}). */
export type Sizes = ReturnType<typeof sizes>;

/** Per-round comparison of an instrumented row with the bare row of the same framework and round. */
interface PairDelta {
	readonly ratio: number;
	readonly p99AddedMs: number;
	readonly pacedP99AddedMs: number;
	readonly eldP99AddedMs: number;
	/** Bare CPU per request ÷ instrumented: the requests/s ratio of a server that has its core to itself. */
	readonly cpuRatio: number;
	readonly cpuAddedUs: number;
}

/** What one benchmark run is, and what it has found so far. */
interface Context {
	readonly quick: boolean;
	readonly runs: number;
	readonly size: Sizes;
	readonly results: Results;
	readonly problems: string[];
	readonly pairs: Map<string, PairDelta[]>;
	/** Figures of the current and the baseline build, round by round (only with `BENCH_BASELINE`). */
	readonly paired: Paired[];
	sanitizerText: string;
}

/** A progress line on stderr (stdout carries the report). */
export function log(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}

/** Medians of every numeric field over runs; other fields from the first run. */
function mergeRuns(rows: readonly Row[]): Row {
	const out: Row = {...rows[0], runs: rows.length};
	for (const key of Object.keys(rows[0] ?? {})) {
		const xs = rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
		if (xs.length === rows.length && xs.length > 0) out[key] = median(xs);
	}
	return out;
}

/** One run of a scenario process; a run without a result is a problem of the report. */
async function measureOnce(
	ctx: Context,
	label: string,
	file: string,
	args: unknown,
	timeoutMs: number,
	run: number,
	times: number,
): Promise<Row | undefined> {
	const outcome = await runChild<Row>(file, args, timeoutMs);
	if (outcome.result === undefined) {
		const error = outcome.stderr
			.split('\n')
			.find((l) => /^\w*Error\b|FATAL/.test(l.trim()))
			?.trim();
		const why = `${label}: run ${run + 1} produced no result (exit ${outcome.code ?? outcome.signal}) ${error ?? outcome.stderr.trim().split('\n').slice(-3).join(' | ')}`;
		ctx.problems.push(why);
		log(why);
		return undefined;
	}
	log(`${label} run ${run + 1}/${times}: ${(outcome.ms / 1000).toFixed(1)} s`);
	return outcome.result;
}

const merged = (rows: readonly Row[]): Row => (rows.length > 0 ? mergeRuns(rows) : {error: 'no result'});

async function measure(
	ctx: Context,
	label: string,
	file: string,
	args: unknown,
	timeoutMs: number,
	times = ctx.runs,
): Promise<Row> {
	const rows: Row[] = [];
	for (let run = 0; run < times; run++) {
		const row = await measureOnce(ctx, label, file, args, timeoutMs, run, times);
		if (row) rows.push(row);
	}
	return merged(rows);
}

/**
 * umami-guard's burst runs (scenarios 1 and 2): its row, and with a baseline build the baseline's row too, both
 * builds back to back in each round (current first in even rounds, last in odd ones), their figures paired.
 */
async function guardRows(ctx: Context, scenario: 'cost' | 'delivery', args: Row): Promise<Row[]> {
	const label = `${scenario} umami-guard`;
	if (BASELINE_DIR === undefined)
		return [{...(await measure(ctx, label, 'burst.ts', args, 420_000)), peer: 'umami-guard'}];
	const current: Row[] = [];
	const baseline: Row[] = [];
	for (let run = 0; run < ctx.runs; run++) {
		const got = new Map<string, Row | undefined>();
		for (const name of alternated(['umami-guard', BASELINE], run)) {
			const runArgs = {...args, baseline: name === BASELINE};
			got.set(
				name,
				await measureOnce(ctx, `${scenario} ${name}`, 'burst.ts', runArgs, 420_000, run, ctx.runs),
			);
		}
		const [ours, theirs] = [got.get('umami-guard'), got.get(BASELINE)];
		if (ours) current.push(ours);
		if (theirs) baseline.push(theirs);
		if (ours && theirs) pairRound(ctx.paired, scenario, ours, theirs);
	}
	return [
		{...merged(current), peer: 'umami-guard'},
		{...merged(baseline), peer: BASELINE},
	];
}

const burstN = (ctx: Context, peer: PeerName): number =>
	peer === '@umami/node'
		? ctx.size.umamiNodeBurst
		: peer === 'segment'
			? ctx.size.segmentBurst
			: ctx.size.burst;

async function cost(ctx: Context): Promise<void> {
	const rows: Row[] = [];
	for (const peer of PEERS) {
		const n = burstN(ctx, peer);
		const args = {peer, n, sized: false, drainTimeoutMs: 240_000};
		if (peer === 'umami-guard') rows.push(...(await guardRows(ctx, 'cost', args)));
		else rows.push({...(await measure(ctx, `cost ${peer}`, 'burst.ts', args, 420_000)), peer});
	}
	ctx.results.cost = rows;
}

async function delivery(ctx: Context): Promise<void> {
	const rows: Row[] = [];
	for (const peer of PEERS) {
		// @umami/node and segment have no queue bound: their defaults already hold the burst, so scenario 1's
		// runs are this scenario's runs (same configuration); the others get a queue sized to the burst.
		const shared = ctx.results.cost?.find((r) => r['peer'] === peer);
		if ((peer === '@umami/node' || peer === 'segment') && shared) {
			rows.push({...shared, sized: 'no bound'});
			continue;
		}
		const n = burstN(ctx, peer);
		const sizedByDefault = peer === '@umami/node' || peer === 'segment';
		const args = {peer, n, sized: !sizedByDefault, drainTimeoutMs: 240_000};
		const measured =
			peer === 'umami-guard'
				? await guardRows(ctx, 'delivery', args)
				: [{...(await measure(ctx, `delivery ${peer}`, 'burst.ts', args, 420_000)), peer}];
		const sized = sizedByDefault ? 'no bound' : `queue ${n.toLocaleString('en-US')}`;
		rows.push(...measured.map((row) => ({...row, sized})));
	}
	ctx.results.delivery = rows;
}

async function outage(ctx: Context): Promise<void> {
	const rows: Row[] = [];
	for (const peer of PEERS)
		rows.push({
			...(await measure(ctx, `outage ${peer}`, 'outage.ts', {peer, ...ctx.size.outage}, 180_000)),
			peer,
		});
	ctx.results.outage = rows;
}

async function crash(ctx: Context): Promise<void> {
	const outcomes = await Promise.all(
		PEERS.map(async (peer) => {
			const outcome = await runChild<Row>(
				'crash.ts',
				{peer, waitMs: ctx.size.crashWaitMs},
				ctx.size.crashWaitMs + 30_000,
			);
			const lines = outcome.stderr.split('\n').filter((l) => l.trim() !== '');
			const error = lines.find((l) => /^\w*Error(?::|\s\[)/.test(l.trim()))?.trim() ?? lines.at(-1)?.trim();
			const reason = `${error ?? 'no output'}${outcome.stderr.includes('ECONNREFUSED') ? ' (ECONNREFUSED), an unhandled rejection' : ''}`;
			return {
				peer,
				survived: outcome.result !== undefined && outcome.code === 0,
				exitCode: outcome.code,
				observedSeconds: ctx.size.crashWaitMs / 1000,
				reason: outcome.result === undefined ? reason : '',
			};
		}),
	);
	ctx.results.crash = outcomes;
}

async function sanitizer(ctx: Context): Promise<void> {
	const {spawn} = await import('node:child_process');
	const text = await new Promise<string>((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'sanitizer.ts')], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
		child.on('close', () => {
			clearTimeout(timer);
			resolve(out);
		});
	});
	const rows: Row[] = [];
	for (const line of text.split('\n')) {
		const cells = line
			.split('|')
			.slice(1, -1)
			.map((c) => c.trim());
		if (cells.length === 5 && !cells[0]!.startsWith('---') && cells[0] !== 'sanitizer') {
			rows.push({
				sanitizer: cells[0],
				mbPerSecond: Number.parseFloat(cells[1]!),
				usPerEvent: Number.parseFloat(cells[2]!),
				recall: cells[3],
				keepRate: cells[4],
			});
		}
	}
	if (rows.length === 0) ctx.problems.push('sanitizer: bench/sanitizer.ts printed no table');
	ctx.results.sanitizer = rows;
	// With a baseline build, bench/sanitizer.ts ends with a RESULT line: MB/s of both builds per round.
	const result = text.split('\n').find((l) => l.startsWith('RESULT '));
	const rounds = result === undefined ? [] : (JSON.parse(result.slice(7)) as {rounds: Row[][]}).rounds;
	for (const [ours, theirs] of rounds) pairRound(ctx.paired, 'sanitizer', ours ?? {}, theirs ?? {});
	ctx.sanitizerText = text
		.split('\n')
		.filter((l) => !l.startsWith('RESULT '))
		.join('\n')
		.trim();
}

/** The apps of scenario 6: every framework bare and tracked, on each route; @umami/node beside Express's hello-world. */
const MIDDLEWARE_APPS: readonly {framework: string; route: string; instrumented: string[]}[] = [
	{framework: 'express', route: 'hello', instrumented: ['umami-guard', '@umami/node']},
	{framework: 'fastify', route: 'hello', instrumented: ['umami-guard']},
	{framework: 'koa', route: 'hello', instrumented: ['umami-guard']},
	{framework: 'hono', route: 'hello', instrumented: ['umami-guard']},
	{framework: 'express', route: 'orders', instrumented: ['umami-guard']},
	{framework: 'fastify', route: 'orders', instrumented: ['umami-guard']},
	{framework: 'koa', route: 'orders', instrumented: ['umami-guard']},
	{framework: 'hono', route: 'orders', instrumented: ['umami-guard']},
];

/** Medians of a framework's per-round deltas beside its merged runs. */
function withDeltas(merged: Row, deltas: readonly PairDelta[]): Row {
	if (deltas.length === 0) return merged;
	const of = (key: keyof PairDelta): number[] => deltas.map((d) => d[key]);
	return {
		...merged,
		pairs: deltas.length,
		ratio: median(of('ratio')),
		ratios: of('ratio'),
		p99AddedMs: median(of('p99AddedMs')),
		pacedP99AddedMs: median(of('pacedP99AddedMs')),
		eldP99AddedMs: median(of('eldP99AddedMs')),
		cpuRatio: median(of('cpuRatio')),
		cpuRatios: of('cpuRatio'),
		cpuAddedUs: median(of('cpuAddedUs')),
	};
}

async function middleware(ctx: Context): Promise<void> {
	// A baseline build runs beside umami-guard on Express's and Fastify's hello-world routes (the before/after
	// check of a change; older builds may lack the other adapters' current form).
	const apps = MIDDLEWARE_APPS.map((app) => {
		const instrumented = [...app.instrumented];
		if (BASELINE_DIR !== undefined && app.route === 'hello' && ['express', 'fastify'].includes(app.framework))
			instrumented.splice(instrumented.indexOf('umami-guard') + 1, 0, BASELINE);
		return {...app, instrumented};
	});
	// Rounds of back-to-back runs, bare and instrumented alternately (bare first in even rounds, last in odd
	// ones), so that slow phases of the shared machine hit both sides of a pair; each ratio is taken within
	// its round and the report gives the median of those ratios.
	const collected = new Map<string, Row[]>();
	const one = async (app: string, framework: string, route: string, variant: string, run: number) => {
		const outcome = await runChild<Row>(
			'middleware.ts',
			{framework, variant, route, ...ctx.size.mw},
			120_000,
		);
		const key = `${app} ${variant}`;
		if (outcome.result === undefined) {
			ctx.problems.push(`middleware ${key}: no result (exit ${outcome.code}) ${outcome.stderr.slice(-300)}`);
			return undefined;
		}
		log(
			`middleware ${key} run ${run + 1}/${ctx.runs}: ${(outcome.ms / 1000).toFixed(1)} s, ${Math.round(outcome.result['rps'] as number)} req/s`,
		);
		collected.set(key, [...(collected.get(key) ?? []), outcome.result]);
		return outcome.result;
	};
	const round = async ({framework, route, instrumented}: (typeof apps)[number], run: number) => {
		const app = `${framework} ${route}`;
		const order = alternated(run % 2 === 0 ? ['none', ...instrumented] : [...instrumented, 'none'], run);
		const got = new Map<string, Row | undefined>();
		if (ctx.quick)
			await Promise.all(order.map(async (v) => got.set(v, await one(app, framework, route, v, run))));
		else for (const variant of order) got.set(variant, await one(app, framework, route, variant, run));
		const bare = got.get('none');
		for (const variant of instrumented) {
			const row = got.get(variant);
			if (!bare || !row) continue;
			const diff = (key: string): number => (row[key] as number) - (bare[key] as number);
			const key = `${app} ${variant}`;
			ctx.pairs.set(key, [
				...(ctx.pairs.get(key) ?? []),
				{
					ratio: (row['rps'] as number) / (bare['rps'] as number),
					p99AddedMs: diff('p99Ms'),
					pacedP99AddedMs: diff('pacedP99Ms'),
					eldP99AddedMs: diff('eldP99Ms'),
					cpuRatio: (bare['cpuUsPerRequest'] as number) / (row['cpuUsPerRequest'] as number),
					cpuAddedUs: diff('cpuUsPerRequest'),
				},
			]);
		}
		const [ours, theirs] = [got.get('umami-guard'), got.get(BASELINE)];
		if (bare && ours && theirs) {
			const added = (row: Row): Row => ({
				cpuAddedUs: (row['cpuUsPerRequest'] as number) - (bare['cpuUsPerRequest'] as number),
			});
			pairRound(ctx.paired, 'middleware', added(ours), added(theirs), app);
		}
	};
	for (let run = 0; run < ctx.runs; run++) {
		// A baseline adds a server to every round: all apps at once would overrun the children's time limit on a
		// loaded machine, so the smoke check then takes them one after another.
		if (ctx.quick && BASELINE_DIR === undefined) await Promise.all(apps.map((app) => round(app, run)));
		else for (const app of apps) await round(app, run);
	}
	ctx.results.middleware = apps.flatMap(({framework, route, instrumented}) =>
		['none', ...instrumented].map((variant) => {
			const key = `${framework} ${route} ${variant}`;
			const rows = collected.get(key) ?? [];
			const merged = rows.length > 0 ? mergeRuns(rows) : {framework, route, variant, error: 'no result'};
			return withDeltas(merged, ctx.pairs.get(key) ?? []);
		}),
	);
}

async function umami(ctx: Context): Promise<void> {
	const variants: Row[] = [
		{variant: 'direct', concurrency: 2},
		{variant: 'direct', concurrency: 32},
		{variant: 'umami-guard'},
		{variant: '@umami/node'},
	];
	const collected = new Map<number, Row[]>();
	const one = async (variant: Row, index: number, run: number): Promise<void> => {
		const outcome = await runChild<Row>('real-umami.ts', {...variant, n: ctx.size.umami}, 600_000);
		if (outcome.result === undefined) {
			ctx.problems.push(`umami ${String(variant['variant'])}: no result ${outcome.stderr.slice(-300)}`);
			return;
		}
		log(
			`umami ${String(variant['variant'])} run ${run + 1}/${ctx.runs}: ${(outcome.ms / 1000).toFixed(1)} s`,
		);
		collected.set(index, [...(collected.get(index) ?? []), outcome.result]);
	};
	for (let run = 0; run < ctx.runs; run++) {
		if (ctx.quick) await Promise.all(variants.map((variant, index) => one(variant, index, run)));
		else for (const [index, variant] of variants.entries()) await one(variant, index, run);
	}
	ctx.results.umami = variants.map((variant, index) => {
		const rows = collected.get(index) ?? [];
		return rows.length > 0 ? mergeRuns(rows) : {...variant, error: 'no result'};
	});
}

/** Import + construct + first call in fresh processes, every subject once per round (`bench/cold-start.ts`). */
async function coldStart(ctx: Context): Promise<void> {
	ctx.results['cold-start'] = (await measureColdStart(ctx.size.coldStartRuns, log)).map((row) => ({...row}));
}

const RUNNERS: Record<Scenario, (ctx: Context) => Promise<void>> = {
	cost,
	delivery,
	outage,
	crash,
	sanitizer,
	middleware,
	umami,
	'cold-start': coldStart,
};

async function runScenario(ctx: Context, scenario: Scenario): Promise<void> {
	const t = Date.now();
	log(`${scenario}…`);
	try {
		await RUNNERS[scenario](ctx);
	} catch (error) {
		ctx.problems.push(`${scenario}: ${String(error)}`);
		ctx.results[scenario] = [{error: String(error)}];
	}
	log(`${scenario} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

/**
 * What {@link runScenarios} found: the rows, the problems met, the sanitizer bench's own table, and with
 * `BENCH_BASELINE` the baseline build's paired figures.
 */
export interface Outcome {
	readonly results: Results;
	readonly problems: string[];
	readonly sanitizerText: string;
	readonly baseline?: BaselineOutcome;
}

/**
 * Runs the selected scenarios. The smoke check (`quick`) only proves that every scenario runs end to end, so it
 * runs them side by side; real runs are sequential.
 */
export async function runScenarios(
	selected: readonly Scenario[],
	options: {quick: boolean; runs: number; size: Sizes},
): Promise<Outcome> {
	const ctx: Context = {
		...options,
		results: {},
		problems: [],
		pairs: new Map(),
		paired: [],
		sanitizerText: '',
	};
	if (options.quick) {
		// delivery reuses cost's runs for the clients without a queue bound: keep that pair in order.
		const chained = async (): Promise<void> => {
			for (const s of ['cost', 'delivery'] as const) if (selected.includes(s)) await runScenario(ctx, s);
		};
		await Promise.all([
			chained(),
			...selected.filter((s) => s !== 'cost' && s !== 'delivery').map((s) => runScenario(ctx, s)),
		]);
	} else for (const scenario of selected) await runScenario(ctx, scenario);
	if (BASELINE_DIR === undefined) return ctx;
	return {...ctx, baseline: {dir: BASELINE_DIR, commit: baselineCommit(BASELINE_DIR), figures: ctx.paired}};
}
