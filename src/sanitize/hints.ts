/**
 * Where costly patterns can match. Every `EMAIL` match contains an `@` (or an encoded one) and every `API_KEY`
 * match a vendor prefix; these find those hints and walk back to the earliest start a match containing the hint
 * could have, so the regexes run from there instead of searching whole strings (`key-values.ts` does the same
 * for `KEY_VALUE`).
 */
import {API_KEY_AT, API_KEY_HINTS, API_KEY_LEAD} from './patterns.js';
import {replaceAtStarts} from './replace.js';

/** Hints of `EMAIL`: `@`, `%40`, `%2540`. */
export function nextEmailHint(s: string, from: number): number {
	for (let i = from; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 64) return i;
		if (c === 37 && s.charCodeAt(i + 1) === 50 && (s.startsWith('40', i + 1) || s.startsWith('2540', i + 1)))
			return i;
		if (c === 37 && s.charCodeAt(i + 1) === 52 && s.charCodeAt(i + 2) === 48) return i;
	}
	return -1;
}

/** The local part before an `@` is at most 200 units of ≤ 3 chars, all ASCII word-ish, `%` or non-ASCII. */
export function emailFloor(s: string, h: number, from: number): number {
	const min = Math.max(from, h - 600);
	let i = h;
	while (i > min) {
		const c = s.charCodeAt(i - 1);
		if (
			(c >= 97 && c <= 122) ||
			(c >= 65 && c <= 90) ||
			(c >= 43 && c <= 57 && c !== 44 && c !== 47) ||
			c === 95 ||
			c === 37 ||
			c >= 128
		)
			i--;
		else break;
	}
	// Never start inside a surrogate pair (the `u` regex would not either).
	if (i === h - 600 && i > from) {
		const c = s.charCodeAt(i);
		if (c >= 0xdc00 && c <= 0xdfff) i++;
	}
	return i;
}

/** Hints of `API_KEY`: where {@link API_KEY_HINTS} matches, at or after `from`; -1 when nowhere. */
function nextApiKeyHint(s: string, from: number): number {
	API_KEY_HINTS.lastIndex = from;
	const m = API_KEY_HINTS.exec(s);
	API_KEY_HINTS.lastIndex = 0;
	return m === null ? -1 : m.index;
}

/** An `API_KEY` match starts at its hint or at most {@link API_KEY_LEAD} characters before it. */
function apiKeyFloor(_s: string, h: number, from: number): number {
	return Math.max(from, h - API_KEY_LEAD);
}

const anyStart = (): boolean => true;

/** `s.replace(API_KEY, fn)`, with the sticky {@link API_KEY_AT} tried only at and just before each hint. */
export function replaceApiKeys(s: string, fn: (m: RegExpExecArray) => string): string {
	return replaceAtStarts(s, API_KEY_AT, nextApiKeyHint, apiKeyFloor, anyStart, fn);
}

function isHexCode(c: number): boolean {
	return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Six hex pairs from `at`, each after the first preceded by `sep`: `aa:bb:cc:dd:ee:ff`. */
function isMacAt(s: string, at: number, sep: number): boolean {
	if (at + 17 > s.length) return false;
	for (let k = 0; k < 6; k++) {
		const p = at + k * 3;
		if (!isHexCode(s.charCodeAt(p)) || !isHexCode(s.charCodeAt(p + 1))) return false;
		if (k < 5 && s.charCodeAt(p + 2) !== sep) return false;
	}
	return true;
}

/** Three groups of four hex digits joined by dots from `at`: `aabb.ccdd.eeff`. */
function isCiscoMacAt(s: string, at: number): boolean {
	if (at + 14 > s.length) return false;
	for (let k = 0; k < 14; k++) {
		const c = s.charCodeAt(at + k);
		if (k === 4 || k === 9 ? c !== 46 : !isHexCode(c)) return false;
	}
	return true;
}

/**
 * Whether `s` holds the body of a `MAC` match (six hex pairs joined by one `:` or `-`, or `hhhh.hhhh.hhhh`),
 * its look-arounds aside: a necessary condition, checked only at the separators, so log lines full of times and
 * dates do not run the pattern.
 */
export function mayHoldMac(s: string): boolean {
	for (let i = 2; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 58 || c === 45) {
			if (isMacAt(s, i - 2, c)) return true;
		} else if (c === 46 && i >= 4 && isCiscoMacAt(s, i - 4)) {
			return true;
		}
	}
	return false;
}
