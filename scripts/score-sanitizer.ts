/**
 * Scores a sanitizer against a labelled JSONL corpus.
 *
 *   npx tsx scripts/score-sanitizer.ts [file ...]      (default: every test/fixtures/pii/*.jsonl)
 *   npx tsx scripts/score-sanitizer.ts --generated dev [--show-failures]
 *   npx tsx scripts/score-sanitizer.ts --generated holdout          (aggregate figures only, never its cases)
 *
 * `--generated` scores the corpora test/corpus generates from third-party sources, broken down by class, family,
 * region/locale, input kind and phone number type (scripts/score-breakdown.ts), with `isPiiDetected` TPR/FPR.
 *
 * A PII item counts as removed when its value no longer occurs in the output; a keep string counts as kept
 * when it still occurs. For objects the output searched is every key and leaf value of `data()`.
 */
import {readFileSync, readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {createSanitizer} from '../src/sanitize/index.js';
import {generateCorpus} from '../test/corpus/index.js';
import {breakdown, breakdownReport} from './score-breakdown.js';

export interface CorpusCase {
	id: string;
	kind: 'text' | 'url' | 'object';
	input: unknown;
	pii: {class: string; value: string}[];
	keep: string[];
}

/** A system under test: how it turns each kind of input into searchable output. */
export interface Subject {
	name: string;
	text: (s: string) => string;
	url: (s: string) => string;
	object: (o: unknown) => string;
	/** Whether the subject reports PII in a raw input (umami-guard's `isPiiDetected`); peers have none. */
	isPii?: (value: unknown) => boolean;
}

export const CORE_CLASSES = ['email', 'uuid', 'jwt', 'api_key', 'secret', 'phone', 'card', 'hex'] as const;

export interface Score {
	perClass: Record<string, {total: number; removed: number}>;
	coreRecall: number;
	keepRate: number;
	keepTotal: number;
	leaks: string[];
	overRedactions: string[];
}

const corpusDir = fileURLToPath(new URL('../test/fixtures/pii/', import.meta.url));

export function loadCorpus(files?: readonly string[]): CorpusCase[] {
	const paths =
		files && files.length > 0
			? files
			: readdirSync(corpusDir)
					.filter((f) => f.endsWith('.jsonl'))
					.sort()
					.map((f) => corpusDir + f);
	const out: CorpusCase[] = [];
	for (const p of paths) {
		for (const line of readFileSync(p, 'utf8').split('\n'))
			if (line.trim() !== '') out.push(JSON.parse(line) as CorpusCase);
	}
	return out;
}

/** Every key and leaf of a value, one per line, so substrings can be searched without JSON escaping. */
export function flatten(value: unknown, parts: string[] = []): string {
	if (value === null || value === undefined) return parts.join('\n');
	if (typeof value === 'object') {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			parts.push(k);
			flatten(v, parts);
		}
	} else {
		parts.push(String(value));
	}
	return parts.join('\n');
}

/** The part of a sanitizer a subject needs, so the sources and the built `dist/sanitize.js` both fit. */
export interface SanitizerLike {
	text(s: string): string;
	url(s: string): string;
	data(o: unknown): Record<string, unknown>;
	isPii(v: unknown): boolean;
}

/** umami-guard with default options, from the sources unless another build's `createSanitizer` is given. */
export const umamiGuard = (create: () => SanitizerLike = createSanitizer): Subject => {
	const s = create();
	return {name: 'umami-guard', text: s.text, url: s.url, object: (o) => flatten(s.data(o)), isPii: s.isPii};
};

/** The searchable output of one case: a thrown error becomes its message, so it counts as a leak, not a crash. */
export function outputOf(subject: Subject, c: Pick<CorpusCase, 'kind' | 'input'>): string {
	try {
		return c.kind === 'object'
			? subject.object(c.input)
			: c.kind === 'url'
				? subject.url(String(c.input))
				: subject.text(String(c.input));
	} catch (error) {
		return `THREW ${String(error)}`;
	}
}

export function score(subject: Subject, corpus: readonly CorpusCase[]): Score {
	const perClass: Score['perClass'] = {};
	const leaks: string[] = [];
	const overRedactions: string[] = [];
	let keepTotal = 0;
	let kept = 0;
	for (const c of corpus) {
		const out = outputOf(subject, c);
		for (const item of c.pii) {
			const entry = (perClass[item.class] ??= {total: 0, removed: 0});
			entry.total++;
			if (out.includes(item.value))
				leaks.push(`${c.id} [${item.class}] ${item.value}  →  ${out.slice(0, 200)}`);
			else entry.removed++;
		}
		for (const k of c.keep) {
			keepTotal++;
			if (out.includes(k)) kept++;
			else overRedactions.push(`${c.id} keep "${k}"  →  ${out.slice(0, 200)}`);
		}
	}
	let coreTotal = 0;
	let coreRemoved = 0;
	for (const cls of CORE_CLASSES) {
		coreTotal += perClass[cls]?.total ?? 0;
		coreRemoved += perClass[cls]?.removed ?? 0;
	}
	return {
		perClass,
		coreRecall: coreTotal === 0 ? 1 : coreRemoved / coreTotal,
		keepRate: keepTotal === 0 ? 1 : kept / keepTotal,
		keepTotal,
		leaks,
		overRedactions,
	};
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function report(s: Score, cases: number): string {
	const lines = [
		`cases: ${cases}`,
		'',
		'| class | items | removed | recall |',
		'| --- | ---: | ---: | ---: |',
	];
	const classes = Object.keys(s.perClass).sort((a, b) => {
		const ia = (CORE_CLASSES as readonly string[]).indexOf(a);
		const ib = (CORE_CLASSES as readonly string[]).indexOf(b);
		return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b);
	});
	for (const cls of classes) {
		const e = s.perClass[cls] ?? {total: 0, removed: 0};
		const core = (CORE_CLASSES as readonly string[]).includes(cls) ? '' : ' (extra)';
		lines.push(`| ${cls}${core} | ${e.total} | ${e.removed} | ${pct(e.removed / e.total)} |`);
	}
	lines.push(
		'',
		`core recall (8 classes): ${pct(s.coreRecall)}`,
		`keep-rate: ${pct(s.keepRate)} of ${s.keepTotal} must-keep strings`,
	);
	lines.push('', `leaks (${s.leaks.length}):`, ...s.leaks.map((l) => `  ${l}`));
	lines.push('', `over-redactions (${s.overRedactions.length}):`, ...s.overRedactions.map((l) => `  ${l}`));
	return lines.join('\n');
}

function main(): void {
	const {values, positionals} = parseArgs({
		allowPositionals: true,
		options: {generated: {type: 'string'}, 'show-failures': {type: 'boolean', default: false}},
	});
	const split = values.generated;
	if (split === undefined) {
		const corpus = loadCorpus(positionals);
		console.log(report(score(umamiGuard(), corpus), corpus.length));
		return;
	}
	if (split !== 'dev' && split !== 'holdout')
		throw new Error(`--generated takes dev or holdout, not ${split}`);
	if (split === 'holdout' && values['show-failures'])
		throw new Error('--show-failures is for the dev split: the holdout is reported in aggregate only');
	const b = breakdown(umamiGuard(), generateCorpus(split));
	console.log(`generated corpus: ${split}\n`);
	console.log(breakdownReport(b, {showFailures: values['show-failures']}));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
