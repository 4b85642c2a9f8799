/**
 * The words before a number run, read in place: each reader answers what its context pattern of `patterns.ts`
 * answers on the slice of text before the run (`ID_CONTEXT` and `PHONE_CONTEXT_FAR` on the 32 characters before
 * it, `PHONE_CONTEXT` on the last 24), without cutting the slice. A `$`-anchored regex on a slice is tried at
 * every start in it; reading back from the run's start finds the few places a context word can end instead.
 * The phone words are read in code for ASCII windows only (where case and letters are ASCII); a window with any
 * other character is handed to the regex, so Unicode case folding and letter classes stay the regex's.
 */
import {isLetter, isRegexSpace} from './chars.js';
import {ACCESS_LOG_REQUEST_END, PHONE_CONTEXT, PHONE_CONTEXT_FAR, SSN_CONTEXT} from './patterns.js';

/** How much text before a run its context is read from (`PHONE_CONTEXT_FAR` and `ID_CONTEXT` read 32 characters). */
const CONTEXT_BEFORE = 32;

/** How much of it `PHONE_CONTEXT` reads. */
const NEAR_BEFORE = 24;

/** The context window's first index for a run at `end`. */
function windowStart(end: number, size: number): number {
	return end > size ? end - size : 0;
}

/** `\w` without the `u` flag. */
function isAsciiWordChar(c: number): boolean {
	return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** Whether `s` holds `word` (lower-case ASCII letters and `.`) at `at`, ASCII letters in either case. */
function holdsAt(s: string, at: number, word: string): boolean {
	for (let i = 0; i < word.length; i++) {
		const w = word.charCodeAt(i);
		const c = s.charCodeAt(at + i);
		if (w === 46 ? c !== 46 : (c | 32) !== w || !isLetter(c)) return false;
	}
	return true;
}

/** The words of `ID_CONTEXT` that start at a word boundary (`#` needs none). */
const ID_WORDS = [
	'id',
	'no',
	'no.',
	'num',
	'number',
	'order',
	'invoice',
	'ref',
	'ts',
	'time',
	'timestamp',
	'count',
	'total',
	'sku',
	'ticket',
	'case',
	'build',
	'job',
	'run',
	'pid',
	'port',
	'version',
	'v',
];

/** An `ID_CONTEXT` word ending exactly at `j`, starting at `lo` or later. */
function idWordEndsAt(s: string, lo: number, j: number): boolean {
	if (j > lo && s.charCodeAt(j - 1) === 35) return true;
	for (const w of ID_WORDS) {
		const a = j - w.length;
		if (a < lo || !holdsAt(s, a, w)) continue;
		// `\b` before the word: the slice's start, or a non-word character.
		if (a === lo || !isAsciiWordChar(s.charCodeAt(a - 1))) return true;
	}
	return false;
}

/** `ID_CONTEXT` on the 32 characters before `end`: an identifier word and at most three of `\s:=#_-`. */
export function idWordBefore(s: string, end: number): boolean {
	const lo = windowStart(end, CONTEXT_BEFORE);
	for (let k = 0; k <= 3 && end - k >= lo; k++) {
		if (k > 0) {
			const c = s.charCodeAt(end - k);
			if (!(isRegexSpace(c) || c === 58 || c === 61 || c === 35 || c === 95 || c === 45)) return false;
		}
		if (idWordEndsAt(s, lo, end - k)) return true;
	}
	return false;
}

/** Whether `s` holds only ASCII from `lo` to `end`. */
function isAsciiBetween(s: string, lo: number, end: number): boolean {
	for (let i = lo; i < end; i++) if (s.charCodeAt(i) >= 128) return false;
	return true;
}

/** The shape of a phone-context pattern after its word, as {@link phoneWordIn} reads it back from the end. */
interface PhoneTail {
	/** The ASCII words of the pattern's alternation (lower case). */
	readonly words: readonly string[];
	/** Characters glued to the word (`[\p{L}\w-]` or `\p{L}`), at most `glued` of them. */
	readonly isGlued: (c: number) => boolean;
	readonly glued: number;
	/** Short words after it: `[ \t]{1,2}\p{L}{1,wordLetters}`, `minWords` to `maxWords` of them. */
	readonly minWords: number;
	readonly maxWords: number;
	readonly wordLetters: number;
	/** The trailing punctuation, at most `trail` characters. */
	readonly isTrail: (c: number) => boolean;
	readonly trail: number;
}

const isSpaceOrTab = (c: number): boolean => c === 32 || c === 9;

/**
 * Where the short words can start when they end at the positions in `ends` (bit i: `end - i`): the run of letters
 * before each, one or two spaces or tabs before that, all after `lo`.
 */
function wordStarts(s: string, lo: number, end: number, ends: number, letters: number): number {
	let out = 0;
	for (let i = 0; i < 32; i++) {
		if ((ends & (1 << i)) === 0) continue;
		const d = end - i;
		let x = d;
		while (x > lo && d - x <= letters && isLetter(s.charCodeAt(x - 1))) x--;
		const n = d - x;
		if (n < 1 || n > letters || x - 1 <= lo || !isSpaceOrTab(s.charCodeAt(x - 1))) continue;
		out |= 1 << (end - x + 1);
		if (x - 2 > lo && isSpaceOrTab(s.charCodeAt(x - 2))) out |= 1 << (end - x + 2);
	}
	return out;
}

/**
 * What the phone-context pattern described by `t` answers on `s.slice(lo, end)` (at most 32 characters, ASCII):
 * the positions its tail can start at are found back from the end, as bits (bit i: `end - i`; the window's first
 * position is left out, as no word can end there), then a word must end at one of them.
 */
function phoneWordIn(s: string, lo: number, end: number, t: PhoneTail): boolean {
	let ends = 1;
	for (let k = 1; k <= t.trail && end - k > lo && t.isTrail(s.charCodeAt(end - k)); k++) ends |= 1 << k;
	let words = 0;
	let level = ends;
	for (let w = 0; w <= t.maxWords; w++) {
		if (w >= t.minWords) words |= level;
		if (w < t.maxWords) level = wordStarts(s, lo, end, level, t.wordLetters);
		if (level === 0) break;
	}
	for (let i = 0; i < 32; i++) {
		if ((words & (1 << i)) === 0) continue;
		const c = end - i;
		for (let b = c; b > lo && c - b <= t.glued; b--) {
			if (phoneWordEndsAt(s, lo, b, t.words)) return true;
			if (!t.isGlued(s.charCodeAt(b - 1))) break;
		}
	}
	return false;
}

/** A word of `words` ending at `b`, starting at `lo` or later and not right after a letter. */
function phoneWordEndsAt(s: string, lo: number, b: number, words: readonly string[]): boolean {
	const last = s.charCodeAt(b - 1) | 32;
	for (const w of words) {
		const a = b - w.length;
		if (a < lo || w.charCodeAt(w.length - 1) !== last || !holdsAt(s, a, w)) continue;
		if (a === lo || !isLetter(s.charCodeAt(a - 1))) return true;
	}
	return false;
}

/** The ASCII words of `PHONE_CONTEXT_FAR` (its others hold a letter outside ASCII). */
const FAR_WORDS = [
	'phone',
	'tel',
	'mobile',
	'cell',
	'call',
	'sms',
	'whatsapp',
	'contact',
	'contato',
	'contatto',
	'kontakt',
	'telefon',
	'telefone',
	'movil',
	'celular',
	'handy',
	'reach',
	'ring',
	'bel',
	'rufen',
	'rappelez',
	'liga',
	'joignable',
	'erreichbar',
	'oddzwon',
	'zadzwon',
	'dzwon',
];

/** The ASCII words of `PHONE_CONTEXT`: those of `PHONE_CONTEXT_FAR` and four more. */
export const NEAR_PHONE_WORDS: readonly string[] = [...FAR_WORDS, 'fax', 'text', 'nummer', 'numer'];

/** The ASCII words of `PHONE_CONTEXT_FAR`. */
export const FAR_PHONE_WORDS: readonly string[] = FAR_WORDS;

const NEAR: PhoneTail = {
	words: NEAR_PHONE_WORDS,
	isGlued: (c) => isAsciiWordChar(c) || c === 45,
	glued: 8,
	minWords: 0,
	maxWords: 2,
	wordLetters: 6,
	// `[\s:=#"'：.-]` (the full-width colon is not ASCII).
	isTrail: (c) =>
		isRegexSpace(c) || c === 58 || c === 61 || c === 35 || c === 34 || c === 39 || c === 46 || c === 45,
	trail: 4,
};

const FAR: PhoneTail = {
	words: FAR_PHONE_WORDS,
	isGlued: isLetter,
	glued: 8,
	minWords: 1,
	maxWords: 3,
	wordLetters: 8,
	// `[\s:"'.-]`
	isTrail: (c) => isRegexSpace(c) || c === 58 || c === 34 || c === 39 || c === 46 || c === 45,
	trail: 3,
};

/** `PHONE_CONTEXT` on the 24 characters before `end`: a phone word, at most two short words, punctuation. */
export function phoneWordBefore(s: string, end: number): boolean {
	const lo = windowStart(end, NEAR_BEFORE);
	if (!isAsciiBetween(s, lo, end)) return PHONE_CONTEXT.test(s.slice(lo, end));
	return phoneWordIn(s, lo, end, NEAR);
}

/** `PHONE_CONTEXT_FAR` on the 32 characters before `end`: a phone word one to three short words away. */
export function phoneWordFar(s: string, end: number): boolean {
	const lo = windowStart(end, CONTEXT_BEFORE);
	if (!isAsciiBetween(s, lo, end)) return PHONE_CONTEXT_FAR.test(s.slice(lo, end));
	return phoneWordIn(s, lo, end, FAR);
}

/** `SSN_CONTEXT` on the 32 characters before `end` (read only for nine-digit runs). */
export function ssnWordBefore(s: string, end: number): boolean {
	return SSN_CONTEXT.test(s.slice(windowStart(end, CONTEXT_BEFORE), end));
}

/** `ACCESS_LOG_REQUEST_END` on the 32 characters before `end`: `HTTP/1.1" ` right before. */
export function accessLogRequestBefore(s: string, end: number): boolean {
	// Every match ends in `" `: only then is the slice cut.
	if (end < 2 || s.charCodeAt(end - 1) !== 32 || s.charCodeAt(end - 2) !== 34) return false;
	return ACCESS_LOG_REQUEST_END.test(s.slice(windowStart(end, CONTEXT_BEFORE), end));
}
