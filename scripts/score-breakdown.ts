/**
 * Figures of a sanitizer on a generated corpus (test/corpus), broken down by class, family, region/locale, input
 * kind, phone region group (the 40 countries with the most web traffic, the rest) and phone number type: recall of the labelled spans, keep-rate of the must-keep strings, and the
 * `isPiiDetected` true- and false-positive rates (a case is positive when it holds a labelled span).
 */
import type {GeneratedCase} from '../test/corpus/index.js';
import {outputOf, type Subject} from './score-sanitizer.js';

/** Counts of one group of cases. */
export interface Tally {
	cases: number;
	pii: number;
	removed: number;
	keep: number;
	kept: number;
	positives: number;
	truePositives: number;
	negatives: number;
	falsePositives: number;
}

/** The groupings a breakdown is reported by. */
export const DIMENSIONS = ['class', 'family', 'locale', 'regionGroup', 'kind', 'numberType'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One case the subject got wrong: for the dev split only. */
export interface Failure {
	id: string;
	what: string;
	output: string;
}

export interface Breakdown {
	total: Tally;
	by: Record<Dimension, Map<string, Tally>>;
	failures: Failure[];
}

const emptyTally = (): Tally => ({
	cases: 0,
	pii: 0,
	removed: 0,
	keep: 0,
	kept: 0,
	positives: 0,
	truePositives: 0,
	negatives: 0,
	falsePositives: 0,
});

function addInto(t: Tally, d: Tally): void {
	for (const k of Object.keys(t) as (keyof Tally)[]) t[k] += d[k];
}

function groupOf(c: GeneratedCase, dim: Dimension): string | undefined {
	return dim === 'numberType' ? c.numberType : dim === 'regionGroup' ? c.regionGroup : c[dim];
}

/** Scores every case once and adds it to each of its groups. */
export function breakdown(subject: Subject, cases: readonly GeneratedCase[]): Breakdown {
	const by = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map<string, Tally>()])) as Breakdown['by'];
	const total = emptyTally();
	const failures: Failure[] = [];
	for (const c of cases) {
		const out = outputOf(subject, c);
		const t = emptyTally();
		t.cases = 1;
		for (const item of c.pii) {
			t.pii++;
			if (out.includes(item.value))
				failures.push({id: c.id, what: `leak [${item.class}] ${item.value}`, output: out});
			else t.removed++;
		}
		for (const k of c.keep) {
			t.keep++;
			if (out.includes(k)) t.kept++;
			else failures.push({id: c.id, what: `over-redacted "${k}"`, output: out});
		}
		if (subject.isPii) {
			const detected = safeIsPii(subject.isPii, c.input);
			if (c.pii.length > 0) {
				t.positives = 1;
				t.truePositives = detected ? 1 : 0;
			} else {
				t.negatives = 1;
				t.falsePositives = detected ? 1 : 0;
				if (detected) failures.push({id: c.id, what: 'isPiiDetected: true on a keep case', output: out});
			}
		}
		addInto(total, t);
		for (const dim of DIMENSIONS) {
			const g = groupOf(c, dim);
			if (g === undefined) continue;
			const map = by[dim];
			let entry = map.get(g);
			if (!entry) map.set(g, (entry = emptyTally()));
			addInto(entry, t);
		}
	}
	return {total, by, failures};
}

function safeIsPii(isPii: (v: unknown) => boolean, input: unknown): boolean {
	try {
		return isPii(input);
	} catch {
		return false;
	}
}

/** Recall of the labelled spans (1 when there are none). */
export const recallOf = (t: Tally): number => (t.pii === 0 ? 1 : t.removed / t.pii);
/** Share of must-keep strings kept (1 when there are none). */
export const keepRateOf = (t: Tally): number => (t.keep === 0 ? 1 : t.kept / t.keep);
/** `isPiiDetected` true-positive rate over the cases holding PII. */
export const tprOf = (t: Tally): number => (t.positives === 0 ? Number.NaN : t.truePositives / t.positives);
/** `isPiiDetected` false-positive rate over the keep-only cases. */
export const fprOf = (t: Tally): number => (t.negatives === 0 ? Number.NaN : t.falsePositives / t.negatives);

const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)} %`);
const frac = (a: number, b: number): string => (b === 0 ? '–' : `${pct(a / b)} (${a}/${b})`);

function table(title: string, rows: Map<string, Tally>, sortWorstFirst: boolean): string[] {
	const entries = [...rows.entries()];
	if (sortWorstFirst)
		entries.sort(
			([a, x], [b, y]) =>
				Math.min(recallOf(x), keepRateOf(x)) - Math.min(recallOf(y), keepRateOf(y)) || a.localeCompare(b),
		);
	else entries.sort(([a], [b]) => a.localeCompare(b));
	const lines = [
		`| ${title} | cases | recall | keep-rate | isPii TPR | isPii FPR |`,
		'| --- | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const [name, t] of entries)
		lines.push(
			`| ${name} | ${t.cases} | ${frac(t.removed, t.pii)} | ${frac(t.kept, t.keep)} | ${frac(t.truePositives, t.positives)} | ${frac(t.falsePositives, t.negatives)} |`,
		);
	return lines;
}

export interface ReportOptions {
	/** Print the failing cases (dev split only). */
	showFailures?: boolean;
	/** Which groupings to print; all by default. */
	dimensions?: readonly Dimension[];
}

/** Markdown tables: the total, then one table per grouping (families and regions worst first). */
export function breakdownReport(b: Breakdown, options: ReportOptions = {}): string {
	const t = b.total;
	const lines = [
		`cases: ${t.cases} (${t.positives} with PII, ${t.negatives} keep-only)`,
		'',
		`recall: ${frac(t.removed, t.pii)}`,
		`keep-rate: ${frac(t.kept, t.keep)}`,
		`isPiiDetected: TPR ${frac(t.truePositives, t.positives)}, FPR ${frac(t.falsePositives, t.negatives)}`,
	];
	for (const dim of options.dimensions ?? DIMENSIONS) {
		const rows = b.by[dim];
		if (rows.size === 0) continue;
		lines.push('', ...table(dim, rows, dim === 'family' || dim === 'locale'));
	}
	if (options.showFailures === true) {
		lines.push('', `failures (${b.failures.length}):`);
		for (const f of b.failures)
			lines.push(`  ${f.id} ${f.what}  →  ${f.output.slice(0, 240).replace(/\n/g, '⏎')}`);
	}
	return lines.join('\n');
}
