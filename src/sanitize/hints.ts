/**
 * Where the two costliest patterns can match. Every `EMAIL` match contains an `@` (or an encoded one) and every
 * `KEY_VALUE` match a separator; these find those hints and walk back to the earliest start a match containing
 * the hint could have, so the regexes run from there instead of searching whole strings.
 */
import {isKeyChar} from './chars.js';
import {KEY_VALUE_AT} from './patterns.js';

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

/** Hints of `KEY_VALUE`: `:`, `=`, `>` (of `->`), and `is`/`was` after a space or tab. */
function nextKeyValueHint(s: string, from: number): number {
	for (let i = from; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 58 || c === 61 || c === 62) return i;
		if ((c === 105 || c === 119) && i > 0) {
			const p = s.charCodeAt(i - 1);
			if (p === 32 || p === 9) return i;
		}
	}
	return -1;
}

/** Before a separator: an arrow's `-`, up to three spaces/tabs, an optional quote, a key of at most 64 chars. */
function keyValueFloor(s: string, h: number, from: number): number {
	let i = h;
	if (s.charCodeAt(i) === 62 && i > from && (s.charCodeAt(i - 1) === 45 || s.charCodeAt(i - 1) === 61)) i--;
	for (let k = 0; k < 3 && i > from; k++) {
		const c = s.charCodeAt(i - 1);
		if (c !== 32 && c !== 9) break;
		i--;
	}
	if (i > from && (s.charCodeAt(i - 1) === 34 || s.charCodeAt(i - 1) === 39)) i--;
	for (let k = 0; k < 64 && i > from && isKeyChar(s.charCodeAt(i - 1)); k++) i--;
	return i;
}

/**
 * Where a `KEY_VALUE` match may start: a key's first character (letter or `_`) that is not inside a word,
 * or right after a `-`/`--` flag prefix that is not — the pattern's own look-behinds, checked in code.
 */
function isKeyStart(s: string, p: number): boolean {
	const c = s.charCodeAt(p);
	if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return false;
	if (p === 0 || !isKeyChar(s.charCodeAt(p - 1))) return true;
	if (s.charCodeAt(p - 1) !== 45) return false;
	if (p === 1 || !isKeyChar(s.charCodeAt(p - 2))) return true;
	return s.charCodeAt(p - 2) === 45 && (p === 2 || !isKeyChar(s.charCodeAt(p - 3)));
}

/**
 * `s.replace(KEY_VALUE, fn)`, with the sticky {@link KEY_VALUE_AT} tried only at the key starts between each
 * hint's floor and the hint: every match contains a hint, and one containing the first hint after the previous
 * match cannot start before that hint's floor (see `replaceAnchored`). So the matches are the same, but a
 * string with a lone `:` or `=` costs a few sticky attempts instead of a search to its end.
 */
export function replaceKeyValues(s: string, fn: (m: RegExpExecArray) => string): string {
	let out = '';
	let last = 0;
	let from = 0;
	for (;;) {
		const h = nextKeyValueHint(s, from);
		if (h === -1) break;
		let m: RegExpExecArray | null = null;
		for (let p = keyValueFloor(s, h, from); p <= h && m === null; p++) {
			if (!isKeyStart(s, p)) continue;
			KEY_VALUE_AT.lastIndex = p;
			m = KEY_VALUE_AT.exec(s);
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
	KEY_VALUE_AT.lastIndex = 0;
	return last === 0 ? s : out + s.slice(last);
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
