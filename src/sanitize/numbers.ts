/**
 * Number runs (`NUMBER_RUN` candidates): which are phones, cards or SSNs, and which sub-runs of a run that glues
 * several numbers together are.
 */
import {isCpfShape} from './national-ids.js';
import {gluesAfter, isDigit, isGlue, isNumberSeparator} from './chars.js';
import {MAX_CLASSIFIED_DIGITS, classifyNumber, type NumberClass} from './checks.js';
import {CARD_GROUPING, PHONE_CONTEXT, PHONE_FORMATTING} from './patterns.js';
import type {Tally} from './reporter.js';
import type {Rules} from './rules.js';

/** How much text before a run its context is read from (`PHONE_CONTEXT_FAR` reads 32 characters). */
const BEFORE = 32;

/** The most digit groups after the first digit that a `NUMBER_RUN` match holds. */
const MAX_GROUPS = 24;

/** End of each group of the run being matched (reused between calls). */
const groupEnds = new Int32Array(MAX_GROUPS + 1);

/**
 * The `NUMBER_RUN` match starting exactly at `p` in `s` read up to `limit` (what the regex sees of
 * `s.slice(0, limit)`), walked in code: its end, or -1. Separators and digits are disjoint, so each group
 * (`[ ().-]{0,2}\d`) matches one way only; the one choice the regex backtracks over is how many groups it
 * takes, the most that leaves no digit right after.
 */
function numberRunAt(s: string, p: number, limit: number): number {
	const c = s.charCodeAt(p);
	let q = p;
	if (c === 43) q++;
	else if (c === 40) {
		q++;
		if (q < limit && s.charCodeAt(q) === 43) q++;
	}
	if (q >= limit || !isDigit(s.charCodeAt(q))) return -1;
	if (p > 0) {
		const b = s.charCodeAt(p - 1);
		if (isDigit(b) || b === 43) return -1;
		if (p > 1 && (b === 46 || b === 58 || b === 45) && isDigit(s.charCodeAt(p - 2))) return -1;
	}
	let groups = 0;
	let at = q + 1;
	while (groups < MAX_GROUPS) {
		let j = at;
		while (j < at + 2 && j < limit && isNumberSeparator(s.charCodeAt(j))) j++;
		if (j >= limit || !isDigit(s.charCodeAt(j))) break;
		at = j + 1;
		groupEnds[++groups] = at;
	}
	for (let k = groups; k >= 5; k--) {
		const end = groupEnds[k] as number;
		if (end >= limit || !isDigit(s.charCodeAt(end))) return end;
	}
	return -1;
}

/**
 * `s.replace(NUMBER_RUN, fn)` over the matches that start at or after `from` and end by `to` (`replaceBetween`'s
 * contract: what the regex finds in `s.slice(0, to)` from `from`), found by walking char codes instead of running
 * the regex: only a `+`, `(` or digit can start a match.
 */
export function replaceNumberRuns(s: string, from: number, to: number, fn: NumberReplacer): string {
	let out = '';
	let last = 0;
	for (let p = from > 0 ? from : 0; p < to; p++) {
		const c = s.charCodeAt(p);
		if (!(isDigit(c) || c === 43 || c === 40)) continue;
		const end = numberRunAt(s, p, to);
		if (end === -1) continue;
		const run = s.slice(p, end);
		const r = fn(run, p, s);
		if (r !== run) {
			out += s.slice(last, p) + r;
			last = end;
		}
		p = end - 1;
	}
	return last === 0 ? s : out + s.slice(last);
}

/** A `replace` callback for `NUMBER_RUN`: the run, its offset and the whole string. */
export type NumberReplacer = (run: string, offset: number, whole: string) => string;

/**
 * A number glued to a word (`user_4111…`, `order-4111…`, `4111…x`) is a card or an SSN by its own checks,
 * but a phone only with a `+` or a phone word before it: `order_1234567`, `build-20240315` are ids.
 */
function classify(run: string, before: string, glued: boolean): NumberClass {
	const cls = classifyNumber(run, before);
	if (!glued || cls !== 'phone') return cls;
	return run.charCodeAt(0) === 43 || run.startsWith('(+') || PHONE_CONTEXT().test(before.slice(-24))
		? cls
		: undefined;
}

/** Where the last group of a run starts (its last separator after a digit), or 0 when it has one group. */
function lastGroupCut(run: string): number {
	let cut = run.length - 1;
	while (cut > 0 && !(isNumberSeparator(run.charCodeAt(cut)) && isDigit(run.charCodeAt(cut - 1)))) cut--;
	return cut;
}

/** Compiles the number-run replacer of one sanitizer; found items are reported through `tally`. */
export function createNumberScanner(rules: Rules, tally: Tally): NumberReplacer {
	const o = rules.o;

	function numberClassEnabled(cls: 'card' | 'phone' | 'ssn'): boolean {
		return cls === 'card' ? o.cards : cls === 'phone' ? o.phones : o.ssns;
	}

	function onNumber(run: string, offset: number, whole: string): string {
		const gluedBefore = offset > 0 && isGlue(whole.charCodeAt(offset - 1));
		const next = whole.charCodeAt(offset + run.length);
		// Ending in the hour of a time (`07.09.24 20:27`, `24-03-25 08:59`): the hour is not part of the number.
		if (next === 58 && isDigit(whole.charCodeAt(offset + run.length + 1))) {
			const cut = lastGroupCut(run);
			if (cut > 0) return numberRun(run.slice(0, cut), offset, whole, gluedBefore) + run.slice(cut);
		}
		if (!gluesAfter(next)) return numberRun(run, offset, whole, gluedBefore);
		// Glued to the word after it (`4111…x`, `+33 2 97 79 90 33 1920x1080`): a card or SSN as a whole, else the
		// last group belongs to that word and the run before its last separator is judged on its own.
		const cls = classify(run, whole.slice(Math.max(0, offset - BEFORE), offset), true);
		if (cls === 'card' || cls === 'ssn') return numberClassEnabled(cls) ? tally.mark(cls) : run;
		const cut = lastGroupCut(run);
		if (cut > 0) return numberRun(run.slice(0, cut), offset, whole, gluedBefore) + run.slice(cut);
		return cls !== undefined && numberClassEnabled(cls) ? tally.mark(cls) : run;
	}

	function numberRun(run: string, offset: number, whole: string, glued: boolean): string {
		const cls = classify(run, whole.slice(Math.max(0, offset - BEFORE), offset), glued);
		// `047.810.718-81`: the written CPF's shape, which no phone plan uses; a valid CPF went before as an id.
		if (cls === 'phone' && isCpfShape(run)) return run;
		if (cls !== undefined) return numberClassEnabled(cls) ? tally.mark(cls) : run;
		// `4111 1111 1111 1112`, `3782 822463 10005`: card grouping. A Luhn failure there is an order number.
		if (!run.includes(' ') || CARD_GROUPING.test(run)) return run;
		return subRuns(run, offset, whole, glued);
	}

	/**
	 * The run may glue several things together (`403 - 3702 7576 4496 725`, `call 555-123-4567 2 times`):
	 * try the longest space-delimited sub-runs, left to right.
	 */
	function subRuns(run: string, offset: number, whole: string, glued: boolean): string {
		const starts: number[] = [];
		const ends: number[] = [];
		const groupDigits: number[] = [];
		for (let i = 0; i < run.length; i++) {
			const c = run.charCodeAt(i);
			if (c === 32) continue;
			if (i === 0 || run.charCodeAt(i - 1) === 32) {
				starts.push(i);
				groupDigits.push(0);
			}
			if (c >= 48 && c <= 57)
				groupDigits[groupDigits.length - 1] = (groupDigits[groupDigits.length - 1] ?? 0) + 1;
			if (i === run.length - 1 || run.charCodeAt(i + 1) === 32) ends.push(i + 1);
		}
		let out = '';
		let last = 0;
		for (let i = 0; i < starts.length; i++) {
			const from = starts[i] ?? 0;
			const first = run.charCodeAt(from);
			if (!((first >= 48 && first <= 57) || first === 43 || first === 40)) continue;
			// A phone or card spans at most six space-separated groups; this bounds the work per run.
			const top = Math.min(starts.length - 1, i + 5);
			let subDigits = 0;
			for (let k = i; k <= top; k++) subDigits += groupDigits[k] ?? 0;
			let before: string | undefined;
			for (let j = top; j >= i; subDigits -= groupDigits[j] ?? 0, j--) {
				// Fewer than 7 digits is never a phone, card or SSN (`classifyNumber` says so first), nor more than 19.
				if (subDigits < 7) break;
				if (subDigits > MAX_CLASSIFIED_DIGITS) continue;
				if (i === 0 && j === starts.length - 1) continue;
				const to = ends[j] ?? run.length;
				const lastChar = run.charCodeAt(to - 1);
				if (lastChar < 48 || lastChar > 57) continue;
				const sub = run.slice(from, to);
				before ??= (whole.slice(Math.max(0, offset - BEFORE), offset) + run.slice(0, from)).slice(-BEFORE);
				const subCls = classify(sub, before, glued);
				// Inside a longer run, a phone must carry its own formatting (`+`, `(`, `-`, `.`), not just spaces.
				const strong = subCls !== 'phone' || PHONE_FORMATTING.test(sub);
				if (subCls !== undefined && strong && numberClassEnabled(subCls)) {
					out += run.slice(last, from) + tally.mark(subCls);
					last = to;
					i = j;
					break;
				}
			}
		}
		return last === 0 ? run : out + run.slice(last);
	}

	return onNumber;
}
