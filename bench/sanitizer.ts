/**
 * Sanitizer benchmark: umami-guard vs redact-pii, @redactpii/node and a naive dozen-regex baseline, in one run.
 *
 *   npm run build && npx tsx bench/sanitizer.ts
 *
 * Measures the built package (`dist/sanitize.js`, what users run), not the sources. Prints a markdown table:
 * MB/s over mixed realistic text + URLs (one call per line, one core), µs per typical event (8 short
 * properties), and recall / keep-rate on the repo corpus (test/fixtures/pii): medians (and bests) of 15
 * rounds that interleave the subjects, so noise from other processes hits every subject of a round alike. Then
 * umami-guard's figures as ratios to each peer measured in the same run (the machine may be noisy; the ratios
 * hold better than the absolute figures), and the adversarial timings (10 kB vs 100 kB) that the linearity tests
 * assert on.
 *
 * Then the generated mix (bench/generated-mix.ts: every input of the test/corpus dev and holdout corpora, data none
 * of the subjects was written against, and access/application log lines and URLs filled by faker): text, URLs,
 * objects, log lines and URLs measured apart in CPU time, interleaved the same way, with ratios per round, and each
 * subject's recall and keep-rate on the generated holdout; and µs per 8-property event whose values are all
 * different (bench/realistic-lines.ts), so no cache of seen values helps.
 *
 *   npx tsx bench/sanitizer.ts --runs 1      (a quick check that it runs; the figures mean nothing)
 *
 * With `BENCH_BASELINE=DIR` (bench/baseline.ts), the baseline build's sanitizer is one more subject of every round,
 * and a last `RESULT` line gives both builds' generated-mix MB/s round by round for the runner.
 */
import {Redactor} from '@redactpii/node';
import {SyncRedactor} from 'redact-pii';
import {parseArgs} from 'node:util';
import {breakdown, keepRateOf, recallOf} from '../scripts/score-breakdown.js';
import {flatten, loadCorpus, score, type Subject} from '../scripts/score-sanitizer.js';
import {generateCorpus} from '../test/corpus/index.js';
import {createSanitizer} from '../dist/sanitize.js';
import {BASELINE, BASELINE_DIR, importBaseline} from './baseline.js';
import {generatedMix, kindPass, KINDS} from './generated-mix.js';
import {emit} from './lib.js';
import {uniqueEvents} from './realistic-lines.js';

const {values: args} = parseArgs({options: {runs: {type: 'string', default: '15'}}});
const RUNS = Math.max(1, Number.parseInt(args.runs, 10) || 15);

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)] ?? 0;
}

// ---- workload ---------------------------------------------------------------------------------------------

let seed = 42;
const rand = (): number => {
	seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
	return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const TEXT = [
	'User clicked the upgrade button on the pricing page after 12 seconds',
	'Checkout completed for plan pro_monthly, total $29.99, currency USD',
	'GET /api/v1/users/42/orders?page=2 -> 200 in 87 ms',
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
	'Released v2.14.0 on 2024-03-15T10:22:33Z (commit a1b2c3d)',
	'Video played to 50% on device iPhone15,2 at 1920x1080',
	'Search query "running shoes size 42" returned 318 results',
	'Model flux-dev generated 4 images in 2.3 s, seed 1710498153',
	'Support ticket updated by agent; customer replied from jane.doe@example.com',
	'Payment failed for card 4242 4242 4242 4242, retry scheduled',
	'Reset link requested with token=8f3Kd9Lq2Xv7Bn4Mz1Wc6Ty5 for user 381',
	'Call back +44 20 7946 0958 regarding order ORD-88123412',
	'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
];
const URLS = [
	'/pricing?utm_source=newsletter&utm_campaign=spring_sale',
	'https://shop.example.com/products/flux-dev?plan=pro_monthly#reviews',
	'/api/v1/users/42/orders?page=2&sort=desc',
	'/blog/2024/03/15/release-v2-14-0',
	'/user/john@example.com/reset?token=abc123',
	'https://app.example.com/oauth/callback?code=4%2F0AX4XfWhQ8&state=af0ifjsldkj',
	'/invite/550e8400-e29b-41d4-a716-446655440000?ref=mail',
];
const lines: {kind: 'text' | 'url'; s: string}[] = [];
let bytes = 0;
while (bytes < 512 * 1024) {
	const isUrl = rand() < 0.4;
	const s = isUrl ? pick(URLS) : pick(TEXT);
	lines.push({kind: isUrl ? 'url' : 'text', s});
	bytes += Buffer.byteLength(s);
}

const EVENT = {
	plan: 'pro_monthly',
	price: 29.99,
	currency: 'USD',
	step: 3,
	button: 'signup_cta',
	path: '/pricing',
	experiment: 'exp-42',
	variant: 'b',
};

// ---- subjects -----------------------------------------------------------------------------------------------

interface Bench {
	subject: Subject;
	event: (e: Record<string, unknown>) => unknown;
}

function eachString(o: unknown, fn: (s: string) => string): unknown {
	if (typeof o === 'string') return fn(o);
	if (Array.isArray(o)) return o.map((x) => eachString(x, fn));
	if (typeof o === 'object' && o !== null) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(o)) out[fn(k)] = eachString(v, fn);
		return out;
	}
	return o;
}

const guard = createSanitizer();
const ours: Bench = {
	subject: {name: 'umami-guard', text: guard.text, url: guard.url, object: (o) => flatten(guard.data(o))},
	event: guard.data,
};

const baseGuard =
	BASELINE_DIR === undefined
		? undefined
		: (await importBaseline<{createSanitizer: typeof createSanitizer}>('sanitize.js')).createSanitizer();
const baseline: Bench | undefined = baseGuard && {
	subject: {
		name: BASELINE,
		text: baseGuard.text,
		url: baseGuard.url,
		object: (o) => flatten(baseGuard.data(o)),
	},
	event: baseGuard.data,
};

const rp = new SyncRedactor();
const redactPii: Bench = {
	subject: {
		name: 'redact-pii',
		text: rp.redact,
		url: rp.redact,
		object: (o) => flatten(eachString(o, rp.redact)),
	},
	event: (e) => eachString(e, rp.redact),
};

const rpn = new Redactor();
const redactPiiNode: Bench = {
	subject: {
		name: '@redactpii/node',
		text: (s) => rpn.redact(s),
		url: (s) => rpn.redact(s),
		object: (o) => flatten(rpn.redactObject(o as object)),
	},
	event: (e) => rpn.redactObject(e),
};

// A dozen regexes, applied one after another: what many projects start with.
/* eslint-disable regexp/no-super-linear-move -- the naive baseline is naive on purpose */
const NAIVE: [RegExp, string][] = [
	[/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[EMAIL]'],
	[/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '[UUID]'],
	[/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[JWT]'],
	[/AKIA[0-9A-Z]{16}/g, '[AWS]'],
	[/gh[pousr]_\w{36}/g, '[GH]'],
	[/sk_(?:live|test)_\w+/g, '[STRIPE]'],
	[/Bearer\s+\S+/g, 'Bearer [TOKEN]'],
	[/(?:password|token|secret)=\S+/gi, '[SECRET]'],
	[/\+?\d[\d\s().-]{8,}\d/g, '[PHONE]'],
	[/\b(?:\d[ -]?){13,19}\b/g, '[CARD]'],
	[/\b[0-9a-f]{32,}\b/gi, '[HEX]'],
	[/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '[IP]'],
];
/* eslint-enable regexp/no-super-linear-move */
const naiveRedact = (s: string): string => {
	let out = s;
	for (const [re, m] of NAIVE) out = out.replace(re, m);
	return out;
};
const naive: Bench = {
	subject: {
		name: 'naive 12 regexes',
		text: naiveRedact,
		url: naiveRedact,
		object: (o) => flatten(eachString(o, naiveRedact)),
	},
	event: (e) => eachString(e, naiveRedact),
};

// ---- measure ------------------------------------------------------------------------------------------------

/** One pass over the mixed workload: ms. */
function throughputPass(b: Bench): number {
	const t = performance.now();
	for (const l of lines) (l.kind === 'url' ? b.subject.url : b.subject.text)(l.s);
	return performance.now() - t;
}

const EVENTS_PER_PASS = 20_000;
/** One pass of typical events: ms. */
function eventPass(b: Bench): number {
	const t = performance.now();
	for (let i = 0; i < EVENTS_PER_PASS; i++) b.event(EVENT);
	return performance.now() - t;
}

// Rounds interleave the subjects, so a burst of noise from other processes (this machine has 2 shared cores)
// hits every subject of a round alike; the ratios are taken per round, then their median.
// The baseline build (if any) runs right after the current one, so that the two see the same moment of the machine.
const subjects = [ours, ...(baseline ? [baseline] : []), redactPii, redactPiiNode, naive];
for (const b of subjects) {
	throughputPass(b); // warm-up
	eventPass(b);
}
const passMs = subjects.map(() => [] as number[]);
const eventMs = subjects.map(() => [] as number[]);
for (let r = 0; r < RUNS; r++) {
	subjects.forEach((b, i) => {
		passMs[i]?.push(throughputPass(b));
		eventMs[i]?.push(eventPass(b));
	});
}
const mbsOf = (ms: number): number => bytes / (1024 * 1024) / (ms / 1000);
const usOf = (ms: number): number => (ms * 1000) / EVENTS_PER_PASS;

const corpus = loadCorpus();
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
console.log(
	`Node ${process.version}, ${(bytes / 1024).toFixed(0)} kB of mixed text + URLs (${lines.length} calls) and ${EVENTS_PER_PASS} events per pass, corpus of ${corpus.length} cases, ${RUNS} interleaved rounds: median (best)\n`,
);
console.log('| sanitizer | MB/s (text + URLs) | µs / event (8 props) | core recall | keep-rate |');
console.log('| --- | ---: | ---: | ---: | ---: |');
subjects.forEach((b, i) => {
	const pass = passMs[i] ?? [];
	const event = eventMs[i] ?? [];
	const s = score(b.subject, corpus);
	console.log(
		`| ${b.subject.name} | ${mbsOf(median(pass)).toFixed(1)} (${mbsOf(Math.min(...pass)).toFixed(1)}) | ${usOf(median(event)).toFixed(2)} (${usOf(Math.min(...event)).toFixed(2)}) | ${pct(s.coreRecall)} | ${pct(s.keepRate)} |`,
	);
});

console.log(
	'\n| umami-guard vs | throughput (× theirs, median of per-round ratios) | per event (× faster) |',
);
console.log('| --- | ---: | ---: |');
for (let i = 1; i < subjects.length; i++) {
	const through = (passMs[i] ?? []).map((ms, r) => ms / (passMs[0]?.[r] ?? Number.NaN));
	const perEvent = (eventMs[i] ?? []).map((ms, r) => ms / (eventMs[0]?.[r] ?? Number.NaN));
	console.log(
		`| ${subjects[i]?.subject.name} | ${median(through).toFixed(2)} | ${median(perEvent).toFixed(1)} |`,
	);
}

// ---- adversarial --------------------------------------------------------------------------------------------

const ADVERSARIAL: [string, (n: number) => string][] = [
	['digits', (n) => '1'.repeat(n)],
	['@', (n) => '@'.repeat(n)],
	['a@a@a', (n) => 'a@'.repeat(n / 2)],
	['dots', (n) => '.'.repeat(n)],
	['hex', (n) => 'f'.repeat(n)],
	['=', (n) => '='.repeat(n)],
	['eyJ.eyJ.', (n) => 'eyJ.'.repeat(n / 4)],
	['1 1 1', (n) => '1 '.repeat(n / 2)],
];
console.log('\n| adversarial input (umami-guard text) | 10 kB ms | 100 kB ms | ratio |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, make] of ADVERSARIAL) {
	const small = make(10_000);
	const large = make(100_000);
	guard.text(small);
	const t = (s: string): number => {
		const runs: number[] = [];
		for (let r = 0; r < RUNS; r++) {
			const t0 = performance.now();
			guard.text(s);
			runs.push(performance.now() - t0);
		}
		return median(runs);
	};
	const a = t(small);
	const b = t(large);
	console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / Math.max(a, 0.001)).toFixed(1)} |`);
}

// ---- generated mix: text, URLs and objects apart ------------------------------------------------------------

const holdout = generateCorpus('holdout');
const mix = generatedMix([...generateCorpus('dev'), ...holdout]);
const kindMs = subjects.map(() => KINDS.map(() => [] as number[]));
for (const b of subjects) for (const kind of KINDS) kindPass(b.subject, mix, kind); // warm-up
for (let r = 0; r < RUNS; r++) {
	subjects.forEach((b, i) =>
		KINDS.forEach((kind, k) => kindMs[i]?.[k]?.push(kindPass(b.subject, mix, kind))),
	);
}
const kb = (n: number): string => `${(n / 1024).toFixed(0)} kB`;
console.log(
	`\nGenerated mix (test/corpus dev + holdout): ${mix.text.length} texts (${kb(mix.bytes.text)}), ${mix.url.length} URLs (${kb(mix.bytes.url)}), ${mix.object.length} objects (${kb(mix.bytes.object)} as JSON); faker-filled: ${mix.log.length} log lines (${kb(mix.bytes.log)}), ${mix.link.length} URLs (${kb(mix.bytes.link)}); CPU time, ${RUNS} interleaved rounds: median MB/s. Recall and keep-rate on the generated holdout (${holdout.length} cases).\n`,
);
console.log(
	'| sanitizer | text MB/s | URLs MB/s | objects MB/s | log lines MB/s | URL lines MB/s | holdout recall | holdout keep-rate |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
subjects.forEach((b, i) => {
	const mbs = KINDS.map((kind, k) =>
		(mix.bytes[kind] / (1024 * 1024) / (median(kindMs[i]?.[k] ?? []) / 1000)).toFixed(1),
	);
	const t = breakdown(b.subject, holdout).total;
	console.log(`| ${b.subject.name} | ${mbs.join(' | ')} | ${pct(recallOf(t))} | ${pct(keepRateOf(t))} |`);
});
console.log(
	'\n| umami-guard vs (generated mix) | text (× theirs) | URLs (× theirs) | objects (× theirs) | log lines (× theirs) | URL lines (× theirs) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (let i = 1; i < subjects.length; i++) {
	const ratios = KINDS.map((_, k) =>
		median((kindMs[i]?.[k] ?? []).map((ms, r) => ms / (kindMs[0]?.[k]?.[r] ?? Number.NaN))).toFixed(2),
	);
	console.log(`| ${subjects[i]?.subject.name} | ${ratios.join(' | ')} |`);
}
// Events with unique values: the memo of proven-clean strings cannot help.

const UNIQUE = uniqueEvents(EVENTS_PER_PASS);
/** CPU ms of one pass over the unique-valued events. */
function uniquePass(b: Bench): number {
	const u0 = process.cpuUsage();
	for (const e of UNIQUE) b.event(e);
	const u = process.cpuUsage(u0);
	return (u.user + u.system) / 1000;
}
const uniqueMs = subjects.map(() => [] as number[]);
for (const b of subjects) uniquePass(b); // warm-up
for (let r = 0; r < RUNS; r++) subjects.forEach((b, i) => uniqueMs[i]?.push(uniquePass(b)));
const bytesPerEvent = UNIQUE.reduce((n, e) => n + JSON.stringify(e).length, 0) / UNIQUE.length;
console.log(
	`\n${UNIQUE.length} events of 8 properties (${bytesPerEvent.toFixed(0)} bytes as JSON on average), every value different; CPU time, ${RUNS} interleaved rounds.\n`,
);
console.log('| sanitizer | µs / unique event (median) | umami-guard × faster (median of per-round ratios) |');
console.log('| --- | ---: | ---: |');
subjects.forEach((b, i) => {
	const ms = uniqueMs[i] ?? [];
	const ratio = i === 0 ? '' : median(ms.map((x, r) => x / (uniqueMs[0]?.[r] ?? Number.NaN))).toFixed(1);
	console.log(`| ${b.subject.name} | ${usOf(median(ms)).toFixed(2)} | ${ratio} |`);
});
if (baseline) {
	const mbsPerRound = (i: number): Record<string, number>[] =>
		Array.from({length: RUNS}, (_, r) =>
			Object.fromEntries(
				KINDS.map((kind, k) => [kind, mix.bytes[kind] / (1024 * 1024) / ((kindMs[i]?.[k]?.[r] ?? 0) / 1000)]),
			),
		);
	const current = mbsPerRound(0);
	const base = mbsPerRound(1);
	emit({rounds: current.map((row, r) => [row, base[r]])});
}
