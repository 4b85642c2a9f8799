/**
 * Instructions per request of the middleware scenario's server (`scenarios/http-server.ts`) under valgrind's
 * callgrind, bare and tracked, split by stage: `middleware` (the adapter's own share, up to the analytics
 * call), `built` (the event built and sanitized, then dropped), `delivered` (queued, serialized and sent to the
 * sink). Instruction counts barely move with other load on a shared machine, unlike time, so the servers run
 * side by side, each under valgrind: a warm-up, then callgrind's counting switched on (`callgrind_control -i on`) for the
 * measured requests, and a dump. Each row splits the count into V8's optimizing compiler and deoptimizer, the
 * garbage collector, and the rest (interpreter, JIT code, Node, libc), from callgrind's function names. A
 * variant named twice runs twice: single runs differ by some 40k instructions per request (when V8 compiles
 * what), so compare repeats. Asserts nothing. Needs `valgrind` on PATH.
 *
 *   npm run build && npx tsx bench/server-stages.ts --framework express
 *     [--variants none,middleware,built,delivered,baseline] [--warmup 3000] [--requests 5000] [--route hello|orders]
 *     [--keep DIR]   (BENCH_BASELINE=DIR for the `baseline` variant)
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import autocannon from 'autocannon';
import {BASELINE, BASELINE_DIR} from './baseline.js';
import {ask} from './lib.js';
import {startSinkProcess} from './sink.js';
import type {Framework, Stage, Variant} from './scenarios/http-server.js';

const {values} = parseArgs({
	options: {
		framework: {type: 'string', default: 'express'},
		route: {type: 'string', default: 'hello'},
		variants: {type: 'string', default: 'none,middleware,built,delivered'},
		warmup: {type: 'string', default: '3000'},
		requests: {type: 'string', default: '5000'},
		keep: {type: 'string'},
	},
});
const framework = values.framework as Framework;
const path = values.route === 'orders' ? '/orders/7' : '/';
const requests = Number(values.requests);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'umami-guard-callgrind-'));
mkdirSync(dir, {recursive: true});

/** What one row of the table runs. */
interface Subject {
	readonly name: string;
	readonly variant: Variant;
	readonly stage: Stage;
}
const SUBJECTS: Record<string, Subject> = {
	none: {name: 'bare', variant: 'none', stage: 'delivered'},
	middleware: {name: 'tracked, stopped at the analytics call', variant: 'umami-guard', stage: 'middleware'},
	built: {name: 'tracked, event built then dropped', variant: 'umami-guard', stage: 'built'},
	delivered: {name: 'tracked, delivered', variant: 'umami-guard', stage: 'delivered'},
	baseline: {name: `${BASELINE}, delivered`, variant: BASELINE, stage: 'delivered'},
};

/** Instruction counts of one measured run, per request, by kind. */
interface Count {
	readonly total: number;
	readonly compiler: number;
	readonly gc: number;
}

const COMPILER =
	/v8::internal::(?:compiler|maglev|turboshaft|Deoptimizer|Translat|OptimizingCompile|Pipeline)/;
const GC =
	/v8::internal::(?:Heap|Scaveng|MarkCompact|MinorMarkCompact|Marking|Sweeper|ConcurrentMarking|MemoryAllocator|PagedSpace|NewSpace|SemiSpace|LargeObjectSpace|IncrementalMarking|GCTracer|Evacuat|RecordMigrated|PointersUpdating)|MarkingVisitor|BodyDescriptor|Scavenger/;

/** Reads a callgrind dump: the total and the self cost of compiler and GC functions. */
function count(file: string, answered: number): Count {
	const text = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', file], {
		maxBuffer: 256 * 1024 * 1024,
	}).toString();
	let total = 0;
	let compiler = 0;
	let gc = 0;
	for (const line of text.split('\n')) {
		const summary = /^([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS/.exec(line);
		if (summary) total = Number(summary[1]!.replaceAll(',', ''));
		const row = /^\s*([\d,]+) \([\d. %]+\)\s+[^:\s]*:(.*)$/.exec(line);
		if (!row) continue;
		const ir = Number(row[1]!.replaceAll(',', ''));
		if (COMPILER.test(row[2]!)) compiler += ir;
		else if (GC.test(row[2]!)) gc += ir;
	}
	return {total: total / answered, compiler: compiler / answered, gc: gc / answered};
}

const sink = await startSinkProcess();
const serverFile = fileURLToPath(new URL('scenarios/http-server.ts', import.meta.url));

/** One subject's server under callgrind: warm-up, counting on, measured requests, dump. */
async function measure(subject: Subject, index: number): Promise<Count> {
	const out = join(dir, `cg.${index}.${subject.variant}.${subject.stage}`.replaceAll(/[^\w.-]/g, '_'));
	const child: ChildProcess = spawn(
		'valgrind',
		[
			'--tool=callgrind',
			'--instr-atstart=no',
			`--callgrind-out-file=${out}`,
			'--quiet',
			process.execPath,
			// Compiler and GC work on the main thread, counted where it happens.
			'--single-threaded',
			'--import',
			'tsx',
			serverFile,
			JSON.stringify({framework, variant: subject.variant, sinkUrl: sink.url, stage: subject.stage}),
		],
		{stdio: ['ignore', 'inherit', 'inherit', 'ipc']},
	);
	const {port, pid} = await ask<{port: number; pid: number}>(child, '', 'ready');
	const url = `http://127.0.0.1:${port}${path}`;
	await autocannon({url, connections: 1, amount: Number(values.warmup)});
	execFileSync('callgrind_control', ['-i', 'on', String(pid)]);
	const result = await autocannon({url, connections: 1, amount: requests});
	execFileSync('callgrind_control', ['-d', String(pid)]);
	child.kill('SIGTERM');
	await new Promise((resolve) => child.once('exit', resolve));
	if (result.non2xx > 0 || result.errors > 0)
		throw new Error(`${subject.name}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
	const dump = readdirSync(dir).find((file) => file.startsWith(`${out.slice(dir.length + 1)}.`));
	if (dump === undefined) throw new Error(`${subject.name}: no callgrind dump in ${dir}`);
	return count(join(dir, dump), result.requests.total);
}

const names = values.variants.split(',');
if (names.includes('baseline') && BASELINE_DIR === undefined)
	throw new Error('the baseline variant needs BENCH_BASELINE=DIR');
for (const name of names) if (SUBJECTS[name] === undefined) throw new Error(`unknown variant ${name}`);
// All at once: the counts do not depend on what else runs, and valgrind is slow.
const counts = await Promise.all(names.map((name, i) => measure(SUBJECTS[name]!, i)));
await sink.close();
if (values.keep === undefined) rmSync(dir, {recursive: true, force: true});

const k = (n: number): string => (n / 1000).toFixed(1);
const rest = (c: Count): number => c.total - c.compiler - c.gc;
/** The mean of the bare runs (a variant named twice runs twice: repeats show the spread). */
const bareRuns = counts.filter((_, i) => names[i] === 'none');
const mean = (f: (c: Count) => number): number =>
	bareRuns.reduce((a, c) => a + f(c), 0) / Math.max(1, bareRuns.length);
const bareTotal = bareRuns.length === 0 ? Number.NaN : mean((c) => c.total);
const bareRest = bareRuns.length === 0 ? Number.NaN : mean(rest);
console.log(
	`${framework} ${values.route}: ${requests} requests after ${values.warmup} of warm-up, one connection; instructions per request (k); added: to the mean of the bare runs\n`,
);
console.log('| server | total | added | compiler + deopt | GC | rest | rest added |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
names.forEach((name, i) => {
	const c = counts[i]!;
	console.log(
		`| ${SUBJECTS[name]!.name} | ${k(c.total)} | ${k(c.total - bareTotal)} | ${k(c.compiler)} | ${k(c.gc)} | ${k(rest(c))} | ${k(rest(c) - bareRest)} |`,
	);
});
process.exit(0);
