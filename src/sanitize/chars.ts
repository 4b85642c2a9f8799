/**
 * Character classes of the scans, as char-code tests and one lookup table: the sanitizer reads strings code by
 * code, and these say what each code may start, continue or end.
 */
import {isLowerIbanHead} from './iban-countries.js';

/** Characters at which a long string may be cut without splitting a PII item. */
export function isHardSeparator(c: number): boolean {
	// whitespace , ; & " ' < > ( ) { } |
	return (
		c <= 32 ||
		c === 44 ||
		c === 59 ||
		c === 38 ||
		c === 34 ||
		c === 39 ||
		c === 60 ||
		c === 62 ||
		c === 123 ||
		c === 125 ||
		c === 124
	);
}

/** Digits and the characters that continue a phone/card run: a cut right after one could split an item. */
export function isDigitLike(c: number): boolean {
	return (c >= 48 && c <= 57) || c === 43 || c === 40 || c === 45 || c === 46 || c === 32;
}

/** ASCII letters. */
export function isLetter(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** A letter, `_` or non-ASCII character: glues a number to the word after it. */
export function isWordChar(c: number): boolean {
	return isLetter(c) || c === 95 || c >= 128;
}

/**
 * {@link isWordChar} for the character right after a number, except in the scripts written without spaces between
 * words (CJK ideographs, kana, Hangul, Thai, their punctuation and the full-width forms), where every number
 * touches the word after it: `電話番号は090-1234-5678です` ends in `5678`, not in a word `5678です`. Before a number
 * such a character still glues (`郵便番号150-0002` is a postal code, a phone only after a phone word).
 */
export function gluesAfter(c: number): boolean {
	return isLetter(c) || c === 95 || (c >= 128 && !isUnspacedScript(c));
}

/** Thai, CJK punctuation, kana, CJK ideographs, Hangul syllables, full-width and half-width forms. */
function isUnspacedScript(c: number): boolean {
	return (
		(c >= 0x3000 && c <= 0x9fff) ||
		(c >= 0xac00 && c <= 0xd7a3) ||
		(c >= 0xff00 && c <= 0xffef) ||
		(c >= 0x0e00 && c <= 0x0e7f)
	);
}

/** ASCII digits. */
export function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** How many ASCII digits `s` holds. */
export function digitCount(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 48 && c <= 57) n++;
	}
	return n;
}

/** The separators `NUMBER_RUN` allows between digits: space ( ) . - */
export function isNumberSeparator(c: number): boolean {
	return c === 32 || c === 40 || c === 41 || c === 46 || c === 45;
}

/** A word character, `.` or `-` right before a number run: the run is glued to a word. */
export function isGlue(c: number): boolean {
	return isWordChar(c) || c === 46 || c === 45;
}

/** The characters of a `KEY_VALUE` key (and of a URL scheme, with `+`): letters, digits, `_`, `-`, `.`. */
export function isKeyChar(c: number): boolean {
	return (
		(c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46
	);
}

/** Bits of {@link CHAR_CLASS}: digits. */
export const C_DIGIT = 1;
/** `a-f`, `A-F`. */
export const C_HEX = 2;
/** Letters, digits, `_`, `-` and every non-ASCII unit: the characters of a token run. */
export const C_TOKEN = 4;
/** The separators `NUMBER_RUN` allows between digits: space ( ) . - */
export const C_NUMBER_SEP = 8;
/** Characters the scan counts or flags: space, tab, newline, `:` `.` `@` `%` `=` `>` `"` `'`. */
export const C_MARK = 16;
/** Letters, `_` and every non-ASCII unit: the token characters that are neither digits nor `-`. */
export const C_LETTER = 32;

/** The class bits of every ASCII character, for the one-pass scan of `scan.ts`. */
export const CHAR_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = C_DIGIT | C_TOKEN;
for (let c = 65; c <= 90; c++) CHAR_CLASS[c] = C_TOKEN | C_LETTER | (c <= 70 ? C_HEX : 0);
for (let c = 97; c <= 122; c++) CHAR_CLASS[c] = C_TOKEN | C_LETTER | (c <= 102 ? C_HEX : 0);
CHAR_CLASS[95] = C_TOKEN | C_LETTER;
CHAR_CLASS[45] = C_TOKEN | C_NUMBER_SEP;
for (const c of [32, 40, 41, 46]) CHAR_CLASS[c] = C_NUMBER_SEP;
for (const c of [9, 10, 32, 34, 37, 39, 40, 46, 47, 58, 60, 61, 62, 64, 91, 92, 123])
	CHAR_CLASS[c] = (CHAR_CLASS[c] as number) | C_MARK;

/**
 * At most 13 chars of letters, digits (fewer than 7), `_`, `/` (not before `h`, `U` or `u`, where a home
 * directory may start) and `-` (fewer than 5): no built-in pass can match such a string (every other class needs
 * `@`, `:`, `=`, `.`, `%`, a space, 7 digits, 5 dashes or 14+ chars),
 * so property keys, short values and path segments skip the scan. 14 or 15 such chars without a `/` pass too
 * when they hold no IBAN head (two capitals, or a registered country in lower case at a word start, and two
 * digits): the passes that start at 14+ chars need a 16-char token run (API keys, the high-entropy check), 15 chars
 * and an IBAN head, or 5 dashes / dots (MAC).
 * Checks `s` from `from` to `to`.
 */
export function isPlainShort(s: string, from: number, to: number): boolean {
	const len = to - from;
	if (len > 15) return false;
	let digits = 0;
	let dashes = 0;
	let slash = false;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) continue;
		if (c >= 48 && c <= 57) {
			digits++;
			// An IBAN head ends here: capital, capital, digit, digit; or a registered country in lower case at a
			// word start (Norway's 15 characters: `no93 8601 1117 947` written compact).
			if (
				len > 13 &&
				i - from >= 3 &&
				isDigit(s.charCodeAt(i - 1)) &&
				((isUpper(s.charCodeAt(i - 2)) && isUpper(s.charCodeAt(i - 3))) || isLowerIbanHead(s, i - 3, from))
			)
				return false;
		} else if (c === 45) dashes++;
		else if (c === 47) {
			// `/home/bob/x`, `/Users/al/a`: a home directory is found in strings this short.
			const d = i + 1 < to ? s.charCodeAt(i + 1) : 0;
			if (d === 104 || d === 85 || d === 117) return false;
			slash = true;
		} else return false;
	}
	return digits < 7 && dashes < 5 && (len <= 13 || !slash);
}

function isUpper(c: number): boolean {
	return c >= 65 && c <= 90;
}
