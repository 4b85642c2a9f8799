/**
 * umami-guard's benchmark: every scenario of issue #7, umami-guard beside @umami/node, posthog-node and
 * @segment/analytics-node in the same run, each measurement in a fresh child process, medians over runs.
 *
 *   npm run bench                      # full run: writes docs/benchmarks.md and docs/bench/*.svg
 *   npm run bench -- --quick           # smoke check (1 run, small sizes); writes .tmp/bench/
 *   npm run bench -- --only outage     # one scenario; writes .tmp/bench/
 *   options: --runs N, --out DIR; BENCH_DIST=DIR measures another build in the middleware scenario,
 *   BENCH_PROFILE=DIR writes its servers' CPU profiles there
 *   BENCH_BASELINE=DIR npm run bench   # also measures another build (DIR: its dist/); writes .tmp/bench/
 *
 * BENCH_BASELINE: the cost, delivery, middleware and sanitizer scenarios measure that build as
 * `umami-guard (baseline)` in the same rounds as the current one, and the report adds «Against the baseline
 * build»: current ÷ baseline per round (`bench/baseline.ts`). It names the baseline's commit from DIR/COMMIT's
 * first line, else from the checkout DIR is in. Such a run compares a change and is not published: it writes
 * .tmp/bench/ unless --out says otherwise. A baseline of REV: `git worktree add --detach ../baseline REV`,
 * `cp -al node_modules ../baseline/`, `npm run build` there, then BENCH_BASELINE=../baseline/dist.
 *
 * Scenarios: cost, delivery, outage, crash, sanitizer, middleware, umami, cold-start. Asserts nothing about
 * timings.
 * This file decides what to run and where the results go; `runner.ts` measures, `report.ts` and
 * `report-charts.ts` write the report and its charts.
 */
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {loadavg} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {BASELINE_DIR} from './baseline.js';
import {ROOT} from './lib.js';
import {versions} from './peers.js';
import {ReportCharts} from './report-charts.js';
import {renderReport} from './report.js';
import {log, runScenarios, SCENARIOS, sizes} from './runner.js';

const {values} = parseArgs({
	options: {
		quick: {type: 'boolean', default: false},
		only: {type: 'string', multiple: true},
		runs: {type: 'string'},
		out: {type: 'string'},
	},
});
const quick = values.quick;
const only = (values.only ?? []).flatMap((s) => s.split(','));
for (const name of only) {
	if (!(SCENARIOS as readonly string[]).includes(name)) {
		console.error(`unknown scenario ${name}; one of ${SCENARIOS.join(', ')}`);
		process.exit(2);
	}
}
const selected = SCENARIOS.filter((s) => only.length === 0 || only.includes(s));
const runs = values.runs === undefined ? (quick ? 1 : 3) : Math.max(1, Number(values.runs));
// A run against a baseline build is a comparison for a change, not the published figures: it writes to .tmp/bench/
// unless --out says otherwise.
const publish = !quick && only.length === 0 && values.out === undefined && BASELINE_DIR === undefined;
const outDir = values.out ?? (publish ? join(ROOT, 'docs') : join(ROOT, '.tmp', 'bench'));
const chartDir = join(outDir, 'bench');
const command = `${BASELINE_DIR === undefined ? '' : `BENCH_BASELINE=${BASELINE_DIR} `}npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const size = sizes(quick);
const startedAt = new Date();
const load0 = loadavg();

if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
	console.error('bench: umami-guard is measured from its build; run `npm run build` first.');
	process.exit(2);
}
if (BASELINE_DIR !== undefined && !existsSync(join(BASELINE_DIR, 'index.js'))) {
	console.error(`bench: BENCH_BASELINE=${BASELINE_DIR} holds no index.js; name a build's dist/ directory.`);
	process.exit(2);
}
const outcome = await runScenarios(selected, {quick, runs, size});

const charts = new ReportCharts();
const load1 = loadavg();
const doc = renderReport(
	{...outcome, command, startedAt, runs, size, load0, load1, versions: await versions()},
	charts,
);

mkdirSync(chartDir, {recursive: true});
for (const {file, svg} of charts.rendered) writeFileSync(join(chartDir, file), svg);
const {results, problems, baseline} = outcome;
writeFileSync(
	join(chartDir, 'results.json'),
	`${JSON.stringify({command, startedAt, runs, quick, problems, results, baseline}, null, '\t')}\n`,
);
writeFileSync(join(outDir, 'benchmarks.md'), doc);
console.log(doc);
log(`wrote ${join(outDir, 'benchmarks.md')} and ${charts.rendered.length} charts in ${chartDir}`);
