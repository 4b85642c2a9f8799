/**
 * `String.prototype.replace` for a global regex, restricted to where a match can be: the scans prove that no
 * match lies outside a stretch or away from a hint character, and these run the regex only there. The
 * matches, and so the output, are those of a plain `replace`.
 */

/**
 * `s.replace(re, fn)` restricted to matches that start at or after `from` and end by `to`, for a global regex
 * whose matches never contain the character at `to` (the caller's scan proves it, so `re` runs over
 * `s.slice(0, to)` and sees the same look-behinds; its final look-ahead sees a non-match character either way).
 * `fn` gets the match, its offset and the whole of `s`, as with `replace`.
 */
export function replaceBetween(
	s: string,
	re: RegExp,
	from: number,
	to: number,
	fn: (m: string, offset: number, whole: string) => string,
): string {
	const head = to < s.length ? s.slice(0, to) : s;
	let out = '';
	let last = 0;
	re.lastIndex = from > 0 ? from : 0;
	for (;;) {
		const m = re.exec(head);
		if (m === null) break;
		const found = m[0];
		const start = m.index;
		const next = re.lastIndex;
		const r = fn(found, start, s);
		if (r !== found) {
			out += s.slice(last, start) + r;
			last = start + found.length;
		}
		re.lastIndex = next;
	}
	re.lastIndex = 0;
	return last === 0 ? s : out + s.slice(last);
}

/**
 * `s.replace(re, fn)` for a global regex whose every match contains a *hint* character, without running the
 * regex over the stretches that cannot hold a match. `nextHint(s, i)` finds the first hint at or after `i`;
 * `floor(s, h, i)` walks back from hint `h` (not below `i`) to the earliest position where a match containing
 * it could start. No match can start between the previous match's end and that floor, so `exec` from there
 * finds the same leftmost match as `replace` would; when it finds none, no match is left at all.
 * Group values are read before `fn` runs, so `fn` may itself use `re` (through a nested scrub).
 */
export function replaceAnchored(
	s: string,
	re: RegExp,
	nextHint: (s: string, from: number) => number,
	floor: (s: string, hint: number, from: number) => number,
	fn: (m: RegExpExecArray) => string,
): string {
	let out = '';
	let last = 0;
	let changed = false;
	for (;;) {
		const h = nextHint(s, last);
		if (h === -1) break;
		re.lastIndex = floor(s, h, last);
		const m = re.exec(s);
		if (m === null) break;
		const start = m.index;
		const end = start + m[0].length;
		const r = fn(m);
		if (r !== m[0]) {
			out += s.slice(last, start) + r;
			last = end;
			changed = true;
		} else {
			out += s.slice(last, end);
			last = end;
		}
	}
	re.lastIndex = 0;
	return changed ? out + s.slice(last) : s;
}

/**
 * `s.replace(re, fn)` for a global regex whose every match contains a *hint*, with `at` (the same pattern as
 * `re`, sticky) tried only between each hint's floor and the hint, at the positions `isStart` accepts.
 * `nextHint(s, i)` finds the first hint at or after `i`; `floor(s, h, i)` (never below `i`) is the earliest
 * start of a match whose first hint is `h`. No match starts between the previous match's end and the first
 * hint's floor, so the first sticky match found is the leftmost one `replace` would find; when none is found up
 * to the hint, the search goes on from the next hint. A string with a lone hint costs a few sticky attempts
 * instead of a search with look-behinds at every position. Group values are read before `fn` runs, so `fn` may
 * itself use `at` (through a nested scrub).
 */
export function replaceAtStarts(
	s: string,
	at: RegExp,
	nextHint: (s: string, from: number) => number,
	floor: (s: string, hint: number, from: number) => number,
	isStart: (s: string, p: number) => boolean,
	fn: (m: RegExpExecArray) => string,
): string {
	let out = '';
	let last = 0;
	let from = 0;
	for (;;) {
		const h = nextHint(s, from);
		if (h === -1) break;
		let m: RegExpExecArray | null = null;
		for (let p = floor(s, h, from); p <= h && m === null; p++) {
			if (!isStart(s, p)) continue;
			at.lastIndex = p;
			m = at.exec(s);
		}
		if (m === null) {
			from = h + 1;
			continue;
		}
		const found = m[0];
		const start = m.index;
		const r = fn(m);
		if (r !== found) {
			out += s.slice(last, start) + r;
			last = start + found.length;
		}
		from = start + found.length;
	}
	at.lastIndex = 0;
	return last === 0 ? s : out + s.slice(last);
}
