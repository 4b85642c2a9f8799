/**
 * The `key=value` pass over free text. Every `KEY_VALUE` match holds a separator (its hint); the pass walks back
 * from each hint to the key starts a match could have, and reads the match there in code — key, separator and
 * value are runs of known characters — so that the sticky regex runs only where the verdict could change: at a
 * sensitive key, at a value long enough to be a token, or where the code cannot be sure of the match (the
 * number-in-groups value form across a space, an unclosed quote, `=>`, `is:`). The matches, and so the output,
 * are those of `s.replace(KEY_VALUE, fn)`.
 */
import {isKeyChar, isLetter} from './chars.js';
import {KEY_VALUE_AT} from './patterns.js';

/**
 * Where the text a replacement stands for ends: the match's end, or further when a sensitive key's value runs on
 * over several words (`value-words.ts`).
 */
export interface ValueEnd {
	end: number;
}

/**
 * Whether a match of `key` with a value of `valueLength` characters could be replaced; false lets the pass skip
 * the regex. Must be true whenever the match's callback could return something else than the match. `phrase`: the
 * key with the words before it ({@link keyPhraseStart}), when there are any.
 */
export type MayChange = (key: string, valueLength: number, phrase: string | undefined) => boolean;

const always: MayChange = () => true;

/**
 * Hints of `KEY_VALUE`, its separators: `:`, `=`, the `>` of `->`, and `is`/`was` after a space or tab. Only a
 * separator can be a match's first hint (a key holds none), so words such as `in` or `with` are not hints.
 */
function nextKeyValueHint(s: string, from: number): number {
	for (let i = from; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 58 || c === 61) return i;
		if (c === 62) {
			if (i > 0 && s.charCodeAt(i - 1) === 45) return i;
		} else if (c === 105 || c === 119) {
			if (i > 0 && isProseSeparator(s, i, c)) return i;
		}
	}
	return -1;
}

/** `is` or `was` at `i` (`c` is its first char), right after a space or tab. */
function isProseSeparator(s: string, i: number, c: number): boolean {
	const p = s.charCodeAt(i - 1);
	if (p !== 32 && p !== 9) return false;
	return c === 105 ? s.charCodeAt(i + 1) === 115 : s.charCodeAt(i + 1) === 97 && s.charCodeAt(i + 2) === 115;
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

/** A character of a word of a key phrase: an ASCII letter or digit. */
function isPhraseChar(c: number): boolean {
	return isLetter(c) || (c >= 48 && c <= 57);
}

/**
 * Whether the key from `p` to `to` is one plain word (`key`, `Secret`, `TOKEN`), the only kind read with the words
 * before it: a key of its own words (`has_phone`, `isAdmin`) is judged as written, so a word before it
 * (`true has_phone`) cannot take its flag away.
 */
function isPlainWord(s: string, p: number, to: number): boolean {
	let upper = 0;
	for (let i = p; i < to; i++) {
		const c = s.charCodeAt(i);
		if (!isPhraseChar(c)) return false;
		if (c >= 65 && c <= 90) upper++;
	}
	const first = s.charCodeAt(p);
	return upper === 0 || upper === to - p || (upper === 1 && first >= 65 && first <= 90);
}

/** Most words before a key that are read with it (`the api key`: two), and the most characters of each. */
const PHRASE_WORDS = 2;
const PHRASE_WORD_MAX = 32;

/**
 * Where the words that make one key with the key at `p` start (`api key: x`, `client secret = x`, `the secret key:
 * x`): up to two words of ASCII letters and digits, each followed by exactly one space, each not inside a longer
 * token (`a.b key`) nor the value of an earlier pair (`mode=api key=x`). `p` itself when there are none. Reads at
 * most 2 × 33 characters back, so a caller that asks once per match stays linear.
 */
export function keyPhraseStart(s: string, p: number): number {
	let start = p;
	for (let w = 0; w < PHRASE_WORDS; w++) {
		if (start < 2 || s.charCodeAt(start - 1) !== 32) break;
		let i = start - 1;
		const floor = Math.max(0, i - PHRASE_WORD_MAX);
		while (i > floor && isPhraseChar(s.charCodeAt(i - 1))) i--;
		if (i === start - 1) break;
		const before = i > 0 ? s.charCodeAt(i - 1) : 32;
		if (isKeyChar(before) || before === 61 || before === 58) break;
		start = i;
	}
	return start;
}

/** JavaScript's `\s`: ASCII whitespace and the Unicode spaces, line and paragraph separators, BOM. */
function isRegexSpace(c: number): boolean {
	if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
	if (c < 160) return false;
	return (
		c === 160 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/** A character of an unquoted value: anything but whitespace and `"'&,;<>()[]{}`. */
export function isBareValueChar(c: number): boolean {
	switch (c) {
		case 34:
		case 38:
		case 39:
		case 40:
		case 41:
		case 44:
		case 59:
		case 60:
		case 62:
		case 91:
		case 93:
		case 123:
		case 125:
			return false;
		default:
			return !isRegexSpace(c);
	}
}

function isSpaceOrTab(c: number): boolean {
	return c === 32 || c === 9;
}

/** A digit or capital: what may follow a space inside the value form of a number in groups. */
function continuesGroups(c: number): boolean {
	return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 40;
}

const NO_MATCH = -1;
const UNSURE = -2;

/** The key's end and the value's span of the last match {@link matchAt} read. */
let keyEnd = 0;
let valueFrom = 0;
let valueTo = 0;

/**
 * The end of the value that starts at `v` (setting `valueFrom`/`valueTo`), or -1 when the value forms fail
 * there or the number-in-groups form could take another span than a plain run (a space and a digit, capital or
 * `(` after the run, or a parenthesis): then the regex decides.
 */
function valueAt(s: string, v: number): number {
	const n = s.length;
	const c = s.charCodeAt(v);
	if (c === 34 || c === 39) {
		const last = Math.min(n - 1, v + 1025);
		for (let i = v + 1; i <= last; i++) {
			const d = s.charCodeAt(i);
			if (d === c) {
				if (i === v + 1) return -1;
				valueFrom = v + 1;
				valueTo = i;
				return i + 1;
			}
			if (d === 10) return -1;
		}
		return -1;
	}
	const max = Math.min(n, v + 2048);
	let g = v;
	while (g < max && isBareValueChar(s.charCodeAt(g))) g++;
	if (g === v || (g === max && g < n && isBareValueChar(s.charCodeAt(g)))) return -1;
	// The number form (`\+`, `(`, a capital or a digit first) differs from the run only across ` `, `(` or `)`.
	if (c === 43 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
		const d = s.charCodeAt(g);
		if (d === 40 || d === 41 || (d === 32 && continuesGroups(s.charCodeAt(g + 1)))) return -1;
	}
	valueFrom = v;
	valueTo = g;
	return g;
}

/**
 * The end of the `KEY_VALUE` match at key start `p` read in code, `NO_MATCH` when the pattern cannot match
 * there, `UNSURE` when only the pattern can tell. A key never ends before a key character (no separator starts
 * with one), and spaces around a separator are never given back (every value starts with a non-space).
 */
function matchAt(s: string, p: number): number {
	const n = s.length;
	const keyMax = Math.min(n, p + 64);
	let k = p + 1;
	while (k < keyMax && isKeyChar(s.charCodeAt(k))) k++;
	if (k < n && isKeyChar(s.charCodeAt(k))) return NO_MATCH;
	let q = k;
	const quote = s.charCodeAt(q);
	if (quote === 34 || quote === 39) q++;
	let r = q;
	while (r < n && r - q < 4 && isSpaceOrTab(s.charCodeAt(r))) r++;
	if (r - q > 3) return NO_MATCH;
	const c = s.charCodeAt(r);
	let v: number;
	if (c === 58 || c === 61) {
		v = r + 1;
		while (v < n && v - r <= 4 && isSpaceOrTab(s.charCodeAt(v))) v++;
		if (v - r > 4) return NO_MATCH;
	} else {
		if (r === q) return NO_MATCH;
		let w: number;
		if (c === 105 && s.charCodeAt(r + 1) === 115) w = r + 2;
		else if (c === 119 && s.charCodeAt(r + 1) === 97 && s.charCodeAt(r + 2) === 115) w = r + 3;
		else if (c === 45 && s.charCodeAt(r + 1) === 62) w = r + 2;
		else return NO_MATCH;
		v = w;
		while (v < n && v - w < 4 && isSpaceOrTab(s.charCodeAt(v))) v++;
		// `is: value` (the optional colon after the word): the pattern decides.
		if (s.charCodeAt(v) === 58) return UNSURE;
		if (v === w || v - w > 3) return NO_MATCH;
	}
	const end = valueAt(s, v);
	if (end < 0) return UNSURE;
	keyEnd = k;
	return end;
}

/**
 * `s.replace(KEY_VALUE, (…) => fn(m, to))` over the key starts between each hint's floor and the hint: a match
 * read in code whose key and value length `mayChange` rejects is passed over without running the regex; any
 * other runs the sticky {@link KEY_VALUE_AT} there. `fn` may move `to.end` past the match (a value that runs
 * on); the search goes on from there. Group values are read before `fn` runs, so `fn` may itself scrub text.
 */
export function replaceKeyValues(
	s: string,
	fn: (m: RegExpExecArray, to: ValueEnd) => string,
	mayChange: MayChange = always,
): string {
	const at = KEY_VALUE_AT;
	const to: ValueEnd = {end: 0};
	let out = '';
	let last = 0;
	let from = 0;
	// The end of the match whose value is being read again for a pair inside it: a match starting before it is
	// not read again (one level only), so every character is read by at most two matches (linear).
	let nestedUntil = -1;
	/** Where the search goes on after an unchanged match: at a pair inside its value, else at its end. */
	const goOnAfter = (start: number, end: number, vFrom: number, vTo: number): number => {
		const nested = start >= nestedUntil ? nestedPairAt(s, vFrom, vTo, mayChange) : -1;
		if (nested === -1) return end;
		nestedUntil = end;
		return nested;
	};
	for (;;) {
		const h = nextKeyValueHint(s, from);
		if (h === -1) break;
		let m: RegExpExecArray | null = null;
		// Where the search goes on after a match passed over without the regex; -1: none was.
		let next = -1;
		for (let p = keyValueFloor(s, h, from); p <= h; p++) {
			if (!isKeyStart(s, p)) continue;
			const end = matchAt(s, p);
			if (end === NO_MATCH) continue;
			if (end !== UNSURE && !mayChange(s.slice(p, keyEnd), valueTo - valueFrom, phraseAt(s, p, keyEnd))) {
				next = goOnAfter(p, end, valueFrom, valueTo);
				break;
			}
			at.lastIndex = p;
			m = at.exec(s);
			if (m !== null) break;
		}
		if (next !== -1) {
			from = next;
			continue;
		}
		if (m === null) {
			from = h + 1;
			continue;
		}
		const found = m[0];
		const start = m.index;
		to.end = start + found.length;
		const r = fn(m, to);
		if (r !== found || to.end !== start + found.length) {
			out += s.slice(last, start) + r;
			last = to.end;
			from = to.end;
			continue;
		}
		const bare = m[5];
		const end = start + found.length;
		from = bare === undefined ? end : goOnAfter(start, end, end - bare.length, end);
	}
	at.lastIndex = 0;
	return last === 0 ? s : out + s.slice(last);
}

/** The key from `p` to `to` with the words before it (`api key`), or undefined when none precede it. */
export function phraseAt(s: string, p: number, to: number): string | undefined {
	if (p < 2 || s.charCodeAt(p - 1) !== 32 || !isPlainWord(s, p, to)) return undefined;
	const start = keyPhraseStart(s, p);
	return start === p ? undefined : s.slice(start, to);
}

/**
 * Where a `key=value` or `key: value` pair inside the unchanged value from `vFrom` to `vTo` starts, when its key
 * could change it (`user updated: password=hunter2`, where the outer key took the pair as its value); else -1.
 */
function nestedPairAt(s: string, vFrom: number, vTo: number, mayChange: MayChange): number {
	const last = Math.min(vTo, vFrom + 65);
	for (let i = vFrom; i < last; i++) {
		const c = s.charCodeAt(i);
		if (c === 61 || c === 58)
			return i > vFrom && mayChange(s.slice(vFrom, i), vTo - i - 1, undefined) ? vFrom : -1;
		if (!isKeyChar(c)) return -1;
	}
	return -1;
}
