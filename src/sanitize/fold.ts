/**
 * Unicode look-alikes folded to the ASCII the detectors read: full-width forms (Japanese, Chinese and Korean
 * keyboard input: `０９０－１２３４－５６７８`, `ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ`), the no-break and other Unicode
 * spaces of typography and copy-paste (`+33 6 12 34 56 78` with U+00A0), dashes and minus signs, the decimal digits
 * of other scripts (`+٩٧١ ٥٠ ١٢٣ ٤٥٦٧`), and zero-width characters, which are removed (`jane\u200B@example.com`).
 * Without this, personal data typed in these forms passed every detector untouched.
 *
 * Kept as they are: the full-width `：` `，` `；`, which the `key=value` pass already reads as separators after CJK
 * keys (`パスワード：x`), and every other character.
 */
import {FOLDABLE_RANGE} from './patterns.js';

/** The code unit that replaces `c`, {@link REMOVE} to drop it, or {@link KEEP}. */
const KEEP = -1;
const REMOVE = -2;

/**
 * The zero of every block of ten decimal digits (Unicode `Nd`, always 0–9 in order) in the Basic Multilingual
 * Plane, other than ASCII and full-width (folded with the other full-width forms): Arabic-Indic, Extended
 * Arabic-Indic (Persian, Urdu), NKo, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada,
 * Malayalam, Sinhala, Thai, Lao, Tibetan, Myanmar (two), Khmer, Mongolian, Limbu, New Tai Lue, Tai Tham (two),
 * Balinese, Sundanese, Lepcha, Ol Chiki, Vai, Saurashtra, Kayah Li, Javanese, Myanmar Extended-B, Cham,
 * Meetei Mayek. test/sanitize/fold.test.ts checks each block against `\p{Nd}`.
 */
const DIGIT_ZEROS = [
	0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6,
	0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0,
	0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0,
];

/** The digit blocks, read as one table from U+0660: the ASCII digit of each code unit, or {@link KEEP}. */
const DIGIT_TABLE_FROM = 0x0660;
const DIGIT_TABLE = new Int8Array(0xabfa - DIGIT_TABLE_FROM).fill(KEEP);
for (const zero of DIGIT_ZEROS)
	for (let d = 0; d < 10; d++) DIGIT_TABLE[zero - DIGIT_TABLE_FROM + d] = 48 + d;

/** What {@link foldLookalikes} makes of the code unit `c` (from U+00A0 up; lower ones are kept). */
function foldCode(c: number): number {
	if (c >= 0xff01) {
		if (c > 0xff5e) return KEEP;
		// `：` `，` `；` stay: the key=value pass reads them after CJK keys.
		return c === 0xff1a || c === 0xff0c || c === 0xff1b ? KEEP : c - 0xfee0;
	}
	if (c >= 0x2000 && c <= 0x2060) {
		if (c <= 0x200a || c === 0x202f || c === 0x205f) return 32;
		if (c <= 0x200d || c === 0x2060) return REMOVE;
		return c >= 0x2010 && c <= 0x2015 ? 45 : KEEP;
	}
	if (c === 0x00a0 || c === 0x3000) return 32;
	if (c === 0x00ad) return REMOVE;
	if (c === 0x2212 || c === 0xfe63) return 45;
	if (c === 0xfe6b) return 64;
	if (c === 0xfeff) return REMOVE;
	if (c >= DIGIT_TABLE_FROM && c < 0xabfa) return DIGIT_TABLE[c - DIGIT_TABLE_FROM] as number;
	return KEEP;
}

/** Code units decoded per `String.fromCharCode` call: well under every engine's argument limit. */
const CHUNK = 4096;

/**
 * `s` with its look-alikes folded to ASCII (see the file comment), or `s` itself when it holds none. An ASCII
 * string costs one class scan ({@link FOLDABLE_RANGE}); one to fold is written code unit by code unit into one
 * buffer, so a long run of look-alikes costs no string per character.
 */
export function foldLookalikes(s: string): string {
	if (!FOLDABLE_RANGE.test(s)) return s;
	const n = s.length;
	let i = 0;
	for (; i < n; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0xa0 && foldCode(c) !== KEEP) break;
	}
	if (i === n) return s;
	const out = new Uint16Array(n);
	for (let k = 0; k < i; k++) out[k] = s.charCodeAt(k);
	let length = i;
	for (; i < n; i++) {
		const c = s.charCodeAt(i);
		const f = c < 0xa0 ? KEEP : foldCode(c);
		if (f === KEEP) out[length++] = c;
		else if (f !== REMOVE) out[length++] = f;
	}
	let folded = '';
	for (let from = 0; from < length; from += CHUNK)
		folded += String.fromCharCode.apply(
			null,
			out.subarray(from, Math.min(length, from + CHUNK)) as unknown as number[],
		);
	return folded;
}
