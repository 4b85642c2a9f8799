/**
 * A quoted value right after a sensitive key, with no separator between them: `passphrase "correct horse battery
 * staple"`, `password 'x y z'`, `secret “…”`. The `key=value` pass needs a `:`, `=` or a prose word after the key,
 * so the words in the quotes stayed. The quotes are kept, their content goes; the key is judged by the same rules
 * as a `key: value` key, with the one or two words before it (`api key "…"`).
 *
 * Kept, as prose: content that reads as a sentence (`value-words.readsAsSentence`: `secret "is in the vault"`),
 * one word as prose writes it (`PLAIN_WORD`: `Unexpected token 'export'`, as `password is required` is kept) unless
 * the key names a password (`password "letmein"`: a person's choice, issue 15), and one character
 * (`Unexpected token '<'`).
 */
import {isKeyChar} from './chars.js';
import {phraseAt} from './key-values.js';
import {PASSWORD_KEY, PLAIN_WORD} from './patterns.js';
import {readsAsSentence} from './value-words.js';

/** The longest key read before a quote, and the longest quoted content, as for `KEY_VALUE`. */
const KEY_MAX = 64;
const VALUE_MAX = 1024;

/** The closing quote of the opening quote `c`, or 0 when `c` opens none (`„` closes with `“` or `”`). */
function closerOf(c: number): number {
	switch (c) {
		case 34:
		case 39:
			return c;
		case 0x201c:
			return 0x201d;
		case 0x2018:
			return 0x2019;
		case 0xab:
			return 0xbb;
		case 0x201e:
			return 0x201c;
		default:
			return 0;
	}
}

/**
 * Where the quoted content that starts at `start` ends (its closing quote), or -1: none on its line in reach.
 * Reading starts at `from` (≥ `start`): the caller knows that no closing quote lies between them.
 */
function closeAt(s: string, start: number, from: number, open: number): number {
	const close = closerOf(open);
	const last = Math.min(s.length, start + VALUE_MAX + 1);
	for (let i = from; i < last; i++) {
		const c = s.charCodeAt(i);
		if (c === close || (open === 0x201e && c === 0x201d)) return i === start ? -1 : i;
		if (c === 10 || c === 13) {
			failedTo = i;
			failedAtLineEnd = true;
			return -1;
		}
	}
	failedTo = last;
	failedAtLineEnd = false;
	return -1;
}

/** Where the last failed {@link closeAt} stopped reading: a line end (no quote closes past it) or its reach. */
let failedTo = 0;
let failedAtLineEnd = false;

/** Where the key that ends at `end` starts (a letter or `_` first, not inside a longer run), or -1. */
function keyStart(s: string, end: number): number {
	let p = end;
	while (p > 0 && end - p < KEY_MAX && isKeyChar(s.charCodeAt(p - 1))) p--;
	if (p === end || (p > 0 && isKeyChar(s.charCodeAt(p - 1)))) return -1;
	const c = s.charCodeAt(p);
	return (c | 32) >= 97 && (c | 32) <= 122 ? p : c === 95 ? p : -1;
}

/**
 * Whether the content from `from` to `to` is prose or too little to be a secret (see the file comment). After a
 * key that names a password (`password "letmein"`), one plain word is the password a person chose, not prose.
 */
function isKept(s: string, from: number, to: number, key: string): boolean {
	if (to - from < 2 || s.startsWith('[REDACTED', from)) return true;
	const value = s.slice(from, to);
	return (PLAIN_WORD().test(value) && !PASSWORD_KEY.test(key)) || readsAsSentence(s, from, to);
}

/**
 * Replaces the content of each quoted value that follows a sensitive key after one to three spaces or tabs with
 * `redact(content)`, quotes kept. `isSensitive` gets the key and the key with the words before it (or undefined).
 * Returns `s` itself when nothing changed. Each opening quote reads back at most 67 characters and forward to its
 * closing quote, after which the search goes on: linear.
 */
export function redactQuotedAfterKeys(
	s: string,
	isSensitive: (key: string, phrase: string | undefined) => boolean,
	redact: (value: string) => string,
): string {
	let out = '';
	let last = 0;
	const n = s.length;
	// Per kind of opening quote, how far a closing one is known to be absent, and whether a line end stopped it.
	const absentTo = [0, 0, 0, 0, 0, 0];
	const lineEnd = [false, false, false, false, false, false];
	for (let q = 1; q < n; q++) {
		const open = s.charCodeAt(q);
		const kind = kindOf(open);
		if (kind === -1) continue;
		let k = q;
		while (k > q - 3 && k > 0 && (s.charCodeAt(k - 1) === 32 || s.charCodeAt(k - 1) === 9)) k--;
		if (k === q) continue;
		const p = keyStart(s, k);
		if (p === -1 || p < last) continue;
		const known = absentTo[kind] as number;
		if (q < known && lineEnd[kind] === true) continue;
		const close = closeAt(s, q + 1, Math.max(q + 1, known), open);
		if (close === -1) {
			absentTo[kind] = failedTo;
			lineEnd[kind] = failedAtLineEnd;
			continue;
		}
		const key = s.slice(p, k);
		if (isSensitive(key, phraseAt(s, p, k)) && !isKept(s, q + 1, close, key)) {
			out += s.slice(last, q + 1) + redact(s.slice(q + 1, close));
			last = close;
		}
		q = close;
	}
	return last === 0 ? s : out + s.slice(last);
}

/** The index of an opening quote's kind (`"` `'` `“` `‘` `«` `„`), or -1 when `c` opens no quote. */
function kindOf(c: number): number {
	switch (c) {
		case 34:
			return 0;
		case 39:
			return 1;
		case 0x201c:
			return 2;
		case 0x2018:
			return 3;
		case 0xab:
			return 4;
		case 0x201e:
			return 5;
		default:
			return -1;
	}
}
