/**
 * Query strings are form-encoded (application/x-www-form-urlencoded: every HTML GET form, search engines,
 * `URLSearchParams`): a `+` is a space there, so `q=4242+4242+4242+4242` is the card a server decodes. The URL
 * rules read a query's keys and values that way (`readPlusAsSpace`) and write a changed value back with `+`
 * (`encodeFormPart`); paths and fragments keep `+` literal. In free text, a query inside a token (a log line's
 * `"GET /checkout?q=4242+4242… HTTP/1.1"`, a referrer `example.com/s?q=…`, a bare `q=4242+4242…`) is read by the
 * URL rules and the text around it by the text passes (`scrubQueriesApart`): encoded, the text passes cannot read it.
 */
import {isDigit} from './chars.js';
import {encodePart} from './url-parses.js';

/** Whether the run of `v` from `from` up to the next `+` or its end holds an `@` (also as `%40` or `%2540`). */
function holdsAt(v: string, from: number): boolean {
	let end = v.indexOf('+', from);
	if (end === -1) end = v.length;
	for (let i = from; i < end; i++) {
		const c = v.charCodeAt(i);
		if (c === 64) return true;
		if (c === 37 && v.charCodeAt(i + 1) === 52 && v.charCodeAt(i + 2) === 48) return true;
		if (c === 37 && v.charCodeAt(i + 1) === 50 && v.charCodeAt(i + 2) === 53 && v.charCodeAt(i + 3) === 52)
			return true;
	}
	return false;
}

/**
 * A raw query key or value with each `+` read as the space a server decodes, before percent-decoding (so `%2B`
 * stays a `+`). Two `+` are kept as written, where a literal plus is what was meant and what the detectors need:
 * one that starts the value before a digit (`tel=+4930…`, an unencoded international prefix) and one in a run
 * holding an `@` (`to=john+news@example.com`, an unencoded plus-tag: read as a space, the tag would hide the
 * address's local part from the email rule). Returns `v` itself when no `+` is read as a space.
 */
export function readPlusAsSpace(v: string): string {
	let out = '';
	let last = 0;
	for (let i = v.indexOf('+'); i !== -1; i = v.indexOf('+', i + 1)) {
		if (i === 0 && isDigit(v.charCodeAt(1))) continue;
		if (holdsAt(v, i + 1)) continue;
		out += `${v.slice(last, i)} `;
		last = i + 1;
	}
	return last === 0 ? v : out + v.slice(last);
}

/** A changed query key or value encoded as a form writes it: spaces as `+` (a literal `+` is `%2B`). */
export function encodeFormPart(s: string): string {
	const encoded = encodePart(s);
	return encoded.includes('%20') ? encoded.replaceAll('%20', '+') : encoded;
}

/** Ends a token in text: whitespace, quotes, backtick, angle brackets. */
function endsToken(c: number): boolean {
	return c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62;
}

/** Trailing punctuation of a sentence, not of the query (`see /s?q=a+b.`). */
function isTrailingPunctuation(c: number): boolean {
	return (
		c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 41 || c === 93 || c === 125
	);
}

/** The first `c` (a char code) in `s` from `from` before `to`, or `to`: bounded, so each token is read once. */
function indexIn(s: string, c: number, from: number, to: number): number {
	for (let i = from; i < to; i++) if (s.charCodeAt(i) === c) return i;
	return to;
}

/** Whether `s` from `from` to `to` is digit groups joined by `+` (`4242+4242`): digits, each `+` between two. */
function isDigitGroups(s: string, from: number, to: number): boolean {
	let plus = false;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		if (c === 43) {
			if (i === from || i + 1 >= to || !isDigit(s.charCodeAt(i - 1)) || !isDigit(s.charCodeAt(i + 1)))
				return false;
			plus = true;
		} else if (!isDigit(c)) return false;
	}
	return plus;
}

/**
 * Whether the token of `s` from `from` to `to` has a `key=value` pair (pairs joined by `&`) whose value is digit
 * groups joined by `+` (`q=4242+4242+4242+4242`): only then is a bare pair in text read as a query.
 */
function hasDigitGroupsValue(s: string, from: number, to: number): boolean {
	let eq = indexIn(s, 61, from, to);
	while (eq < to) {
		const amp = indexIn(s, 38, eq + 1, to);
		if (isDigitGroups(s, eq + 1, amp)) return true;
		eq = indexIn(s, 61, amp, to);
	}
	return false;
}

/** Whether `s` from `from` to `to` holds a `+` or a `%`: an encoding the text passes cannot read through. */
function holdsEncoding(s: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		if (c === 43 || c === 37) return true;
	}
	return false;
}

/**
 * Where the query of the token of `s` from `from` to `to` starts (after its `?`), or -1: a token holding `?`
 * then a `key=value` pair with a `+` or `%` in it (`/checkout?q=4242+4242…`, `https://x.com/s?q=a%40b.co`), or a
 * token that is itself `key=value` pairs with digit groups joined by `+` (`q=4242+4242+4242+4242`: only digits,
 * so `1.2.3+build` and `a+b` stay as text reads them).
 */
function queryStart(s: string, from: number, to: number): number {
	const q = indexIn(s, 63, from, to);
	if (q < to) return indexIn(s, 61, q + 1, to) === to || !holdsEncoding(s, q + 1, to) ? -1 : q + 1;
	const c = s.charCodeAt(from);
	const keyStart = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
	return keyStart && hasDigitGroupsValue(s, from, to) ? from : -1;
}

/**
 * `s` read apart: the query of each token that has one (see `queryStart`) by `scrubQuery` (the URL rules for
 * `?query`, given without the `?` and returned likewise), the text around them by `scrubText`; undefined when `s`
 * holds no such query. Apart, because the text passes read a query's `+` as written: `on+6407725715` would be a
 * glued international number, where a server reads `on 6407725715`. Only tokens around an `=` are read, each
 * once: linear.
 */
export function scrubQueriesApart(
	s: string,
	scrubText: (text: string) => string,
	scrubQuery: (query: string) => string,
): string | undefined {
	let out = '';
	let last = 0;
	let eq = s.indexOf('=');
	while (eq !== -1) {
		let from = eq;
		while (from > last && !endsToken(s.charCodeAt(from - 1))) from--;
		let to = eq;
		while (to < s.length && !endsToken(s.charCodeAt(to))) to++;
		while (to > eq + 1 && isTrailingPunctuation(s.charCodeAt(to - 1))) to--;
		const q = queryStart(s, from, to);
		if (q !== -1) {
			const end = indexIn(s, 35, q, to);
			out += (q > last ? scrubText(s.slice(last, q)) : '') + scrubQuery(s.slice(q, end));
			last = end;
		}
		eq = s.indexOf('=', Math.max(to, eq + 1));
	}
	if (last === 0) return undefined;
	return last < s.length ? out + scrubText(s.slice(last)) : out;
}
