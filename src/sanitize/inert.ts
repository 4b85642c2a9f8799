/**
 * A proof, in one char-code pass, that the text scan would return a property value untouched: most event values
 * are plan names, slugs, product names, counts and routes (`pro_yearly_42`, `Sleek Steel Soap`,
 * `/shop/lamp/42?page=2&sort=asc`), and the full scan of such a string finds nothing after reading it a dozen
 * times. The test is conservative: every family of the scan needs some character, neighbourhood or length it
 * rejects (listed at each check), and it says nothing about strings it does not fully understand.
 *
 * It holds only for the built-in passes (a custom pattern can match anything) and for the text scan of values, not
 * for URL rules (query keys such as `code` or `state` are sensitive in URLs only). test/sanitize/inert.test.ts
 * compares it with the full scan over the generated corpora and over random strings of its own alphabet.
 */
import {isDigit, isKeyChar, isLetter} from './chars.js';
import {isCredentialEnvName} from './cli-credentials.js';
import {isLowerIbanHead} from './iban-countries.js';
import {API_KEY_HINT} from './patterns.js';
import {endsWithAuthScheme} from './auth-scheme.js';
import type {Rules} from './rules.js';

/** Longer values are left to the scan: the test is for the short values of typical events. */
const MAX_INERT_LENGTH = 256;

function isUpper(c: number): boolean {
	return c >= 65 && c <= 90;
}

function isHex(c: number): boolean {
	return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `n` hex digits from `at` (all inside `s`). */
function hexAt(s: string, at: number, n: number): boolean {
	if (at < 0 || at + n > s.length) return false;
	for (let k = 0; k < n; k++) if (!isHex(s.charCodeAt(at + k))) return false;
	return true;
}

/** `aa-bb-cc-dd-ee-ff` from `at`: a `MAC` body with dashes (colons are refused anyway). */
function isMacAt(s: string, at: number): boolean {
	if (at < 0 || at + 17 > s.length) return false;
	for (let k = 0; k < 6; k++) {
		const p = at + k * 3;
		if (!hexAt(s, p, 2) || (k < 5 && s.charCodeAt(p + 2) !== 45)) return false;
	}
	return true;
}

/** `cvc`, `cvv` or `csc` in any case from `at`. */
function isCardCodeWordAt(s: string, at: number): boolean {
	if ((s.charCodeAt(at) | 32) !== 99) return false;
	const b = s.charCodeAt(at + 1) | 32;
	const c = s.charCodeAt(at + 2) | 32;
	return b === 118 ? c === 99 || c === 118 : b === 115 && c === 99;
}

/** `home` from `at` (a Unix home directory), read by char code: a `startsWith` call costs more on short values. */
function isHomeAt(s: string, at: number): boolean {
	return (
		s.charCodeAt(at) === 104 &&
		s.charCodeAt(at + 1) === 111 &&
		s.charCodeAt(at + 2) === 109 &&
		s.charCodeAt(at + 3) === 101
	);
}

/** `users` in any case from `at`: the Windows form of a home directory. */
function isUsersAt(s: string, at: number): boolean {
	return (
		(s.charCodeAt(at) | 32) === 117 &&
		(s.charCodeAt(at + 1) | 32) === 115 &&
		(s.charCodeAt(at + 2) | 32) === 101 &&
		(s.charCodeAt(at + 3) | 32) === 114 &&
		(s.charCodeAt(at + 4) | 32) === 115
	);
}

/**
 * The `/` at `i` may be the slash of `NATIONAL_SLASH` (`030/1234567`): a digit run that starts with `0` right
 * before it (one space allowed), and a digit after it (one space allowed).
 */
function startsNationalSlash(s: string, i: number): boolean {
	let after = s.charCodeAt(i + 1);
	if (after === 32) after = s.charCodeAt(i + 2);
	if (!isDigit(after)) return false;
	let p = i - 1;
	if (p >= 0 && s.charCodeAt(p) === 32) p--;
	if (p < 0 || !isDigit(s.charCodeAt(p))) return false;
	while (p > 0 && isDigit(s.charCodeAt(p - 1))) p--;
	return s.charCodeAt(p) === 48;
}

/** ` is`, ` was`, ` =` (prose and `key =` separators) or ` at ` (a spelled-out email) at the space `i`, in any case for ` at `. */
function isProseSeparatorAt(s: string, i: number): boolean {
	const d = s.charCodeAt(i + 1);
	if (d === 105 && s.charCodeAt(i + 2) === 115) return true;
	if (d === 119 && s.charCodeAt(i + 2) === 97 && s.charCodeAt(i + 3) === 115) return true;
	if (d === 61) return true;
	return (d | 32) === 97 && (s.charCodeAt(i + 2) | 32) === 116 && s.charCodeAt(i + 3) === 32;
}

/**
 * Whether the string's longest runs may hold a token some family takes whole: 40+ base64 characters (a bare AWS
 * secret, an Azure key), 32+ token characters (UUIDs, hex), 15+ with an API key's prefix, a JWT or webhook URL
 * (`dotsOrSlash`: the string holds a `.` or `/`).
 */
function holdsLongToken(s: string, maxRun: number, maxB64: number, dotsOrSlash: boolean): boolean {
	if (maxB64 >= 40 || maxRun >= 32 || (maxRun >= 15 && API_KEY_HINT.test(s))) return true;
	// JWTs (`eyJ…`) and webhook URLs (`hooks.slack.com/`, `/webhooks/`) hold dots or slashes. `J` first:
	// `includes` hunts for a needle's first character, and an `e` is in most words.
	return dotsOrSlash && ((s.includes('J') && s.includes('eyJ')) || s.includes('hooks'));
}

/** {@link createInertTest}'s answer: not proven, run the text scan. */
export const NOT_PROVEN = 0;
/** The text scan keeps the string, and it cannot be a high-entropy token (`isHighEntropy` is false). */
export const INERT = 1;
/** The text scan keeps the string; whether it is a high-entropy token is still to be checked. */
export const INERT_UNLESS_TOKEN = 2;
/** What {@link createInertTest} proves about a string. */
export type Inertness = typeof NOT_PROVEN | typeof INERT | typeof INERT_UNLESS_TOKEN;

// Character kinds of the test; every character not listed is refused.
const K_LETTER = 1;
const K_DIGIT = 2;
const K_UNDERSCORE = 3;
const K_DASH = 4;
const K_SPACE = 5;
const K_DOT = 6;
const K_SLASH = 7;
const K_PERCENT = 8;
const K_EQUALS = 9;
/** `&`, `,`, `?`, `#`: separators no family starts with here. */
const K_PLAIN = 10;

const KIND = new Uint8Array(128);
for (let c = 65; c <= 90; c++) KIND[c] = K_LETTER;
for (let c = 97; c <= 122; c++) KIND[c] = K_LETTER;
for (let c = 48; c <= 57; c++) KIND[c] = K_DIGIT;
KIND[95] = K_UNDERSCORE;
KIND[45] = K_DASH;
KIND[32] = K_SPACE;
KIND[46] = K_DOT;
KIND[47] = K_SLASH;
KIND[37] = K_PERCENT;
KIND[61] = K_EQUALS;
for (const c of [38, 44, 63, 35]) KIND[c] = K_PLAIN;

/** How many plain keys {@link createPlainKeyTest} remembers: the few query keys a site's paths use. */
const REMEMBERED_KEYS = 16;

/** `key` is written in `s` from `at`. */
function isWrittenAt(s: string, at: number, key: string): boolean {
	for (let k = 0; k < key.length; k++) if (s.charCodeAt(at + k) !== key.charCodeAt(k)) return false;
	return true;
}

/**
 * Compiles the test that the key before the `=` at `eq` is not sensitive (or there is none): `onKeyValue`'s first
 * reason to redact. The second, a high-entropy value, needs a letters-and-digits segment of 8+, which the caller
 * refuses. The last keys found plain are remembered and compared in place: the same few query keys (`page`,
 * `utm_source`) come back in value after value, and slicing each one for the judge cost more than the rest of
 * the proof.
 */
function createPlainKeyTest(
	dataKeyIsSensitive: (key: string) => boolean,
): (s: string, eq: number) => boolean {
	const plain: string[] = [];
	let next = 0;
	return (s, eq) => {
		let start = eq;
		while (start > 0 && isKeyChar(s.charCodeAt(start - 1))) start--;
		const keyLength = eq - start;
		if (keyLength === 0) return true; // the separator must follow the key itself (quotes and spaces are refused)
		// A key starts with a letter or `_` right after a non-key character, or after a `-` flag prefix.
		const first = s.charCodeAt(start);
		if (first === 45 || keyLength > 64) return false;
		if (isDigit(first) || first === 46) return true;
		for (const key of plain) if (key.length === keyLength && isWrittenAt(s, start, key)) return true;
		const key = s.slice(start, eq);
		// Credential variable names (`PGPASSWORD`) start with a capital.
		if (dataKeyIsSensitive(key) || (isUpper(first) && isCredentialEnvName(key))) return false;
		plain[next] = key;
		next = (next + 1) % REMEMBERED_KEYS;
		return true;
	};
}

/**
 * Compiles the test for one sanitizer. It answers {@link INERT} or {@link INERT_UNLESS_TOKEN}
 * only for a string on which every built-in pass of the text scan (`TextScanner.scrub` after `cut`) changes
 * nothing and reports nothing; the walk's own checks (the high-entropy value, allowed values) still apply after it.
 */
export function createInertTest(rules: Rules): (s: string) => Inertness {
	const isPlainKey = createPlainKeyTest(rules.dataKeyIsSensitive);
	const maxLength = Math.min(MAX_INERT_LENGTH, rules.o.maxStringLength);

	return function isInert(s: string): Inertness {
		const n = s.length;
		if (n > maxLength) return NOT_PROVEN;
		let run = 0; // token run: letters, digits, `_`, `-` (API keys, UUIDs, hex, JWT parts need long ones)
		let maxRun = 0;
		// Base64 run: letters, digits and `/` (a bare AWS secret access key is 40 of them, an Azure key 86).
		let b64 = 0;
		let maxB64 = 0;
		let digits = 0; // digits joined by ` `, `.`, `-` (NUMBER_RUN needs 6)
		let digitDots = 0; // `.` between two digits (IPV4 needs 3)
		// Letters-and-digits segments: a high-entropy token (whole value or `key=value`) needs one of 8+ mixing both.
		let segment = 0;
		let segmentLetters = false;
		let segmentDigits = false;
		let mixed = false;
		let dots = false;
		let slash = false;
		let pairs = false;
		let cardWord = false; // `cvc`, `cvv`, `csc`: digits after one may be a card code (`CARD_CODE`)
		for (let i = 0; i < n; i++) {
			const c = s.charCodeAt(i);
			const kind = c < 128 ? (KIND[c] as number) : 0;
			if (kind === K_LETTER) {
				// Letters come in words: take the word at once.
				let j = i + 1;
				while (j < n && isLetter(s.charCodeAt(j))) j++; // two compares: cheaper than the table
				if (j - i === 3 && isCardCodeWordAt(s, i)) cardWord = true;
				run += j - i;
				b64 += j - i;
				segment += j - i;
				segmentLetters = true;
				digits = 0;
				i = j - 1;
				continue;
			}
			if (kind === K_DIGIT) {
				run++;
				b64++;
				segment++;
				segmentDigits = true;
				if (++digits >= 6 || cardWord) return NOT_PROVEN;
				// IBAN head: two capitals, two digits; or, at a word start, a registered country in lower case
				// (`de89 3704 …`: an IBAN whose letters break its digits into runs under six is not refused above).
				if (
					i >= 3 &&
					isDigit(s.charCodeAt(i - 1)) &&
					((isUpper(s.charCodeAt(i - 2)) && isUpper(s.charCodeAt(i - 3))) || isLowerIbanHead(s, i - 3, 0))
				)
					return NOT_PROVEN;
				continue;
			}
			if (segment >= 8 && segmentLetters && segmentDigits) mixed = true;
			segment = 0;
			segmentLetters = false;
			segmentDigits = false;
			if (kind === K_UNDERSCORE) {
				if (b64 > maxB64) maxB64 = b64;
				b64 = 0;
				run++;
				digits = 0;
				continue;
			}
			if (kind === K_DASH) {
				if (b64 > maxB64) maxB64 = b64;
				b64 = 0;
				// Only inside a word: `--` (PEM armour), a flag (`-p…`, `-u …`, `--password …`), a MAC pair `aa-bb`.
				if (run === 0 || s.charCodeAt(i + 1) === 45 || isMacAt(s, i - 2)) return NOT_PROVEN;
				run++;
				continue;
			}
			if (kind === K_SLASH) b64++;
			else {
				if (b64 > maxB64) maxB64 = b64;
				b64 = 0;
			}
			// A Discord bot token's first part (22–26 token characters) ends at a dot.
			if (kind === K_DOT && run >= 22) return NOT_PROVEN;
			if (run > maxRun) maxRun = run;
			run = 0;
			switch (kind) {
				case K_SPACE: {
					// A space keeps a number run going.
					if (isProseSeparatorAt(s, i) || endsWithAuthScheme(s, i)) return NOT_PROVEN;
					break;
				}
				case K_DOT: {
					// `.me/` (messaging links), `aabb.ccdd.eeff` (MAC), dotted quads (IPV4).
					dots = true;
					if (s.startsWith('me/', i + 1)) return NOT_PROVEN;
					if (hexAt(s, i - 4, 4) && hexAt(s, i + 1, 4) && s.charCodeAt(i + 5) === 46 && hexAt(s, i + 6, 4))
						return NOT_PROVEN;
					if (i > 0 && isDigit(s.charCodeAt(i - 1)) && isDigit(s.charCodeAt(i + 1)) && ++digitDots >= 3)
						return NOT_PROVEN;
					break;
				}
				case K_SLASH: {
					// A home directory (`/home/`, `/Users/`) or a national number around a slash (`030/1234567`).
					if (isHomeAt(s, i + 1) || isUsersAt(s, i + 1) || startsNationalSlash(s, i)) return NOT_PROVEN;
					slash = true;
					digits = 0;
					break;
				}
				case K_PERCENT: {
					// Only an encoded space: `%40` is an `@`, `%2F` a slash of an encoded home directory. Its `20`
					// continues token and number runs like any digits, but no high-entropy check reads past a `%`,
					// so it starts no letters-and-digits segment.
					if (s.charCodeAt(i + 1) !== 50 || s.charCodeAt(i + 2) !== 48) return NOT_PROVEN;
					i += 2;
					run = 2;
					digits = 2;
					break;
				}
				case K_EQUALS: {
					if (s.charCodeAt(i + 1) === 32 || !isPlainKey(s, i)) return NOT_PROVEN;
					pairs = true;
					digits = 0;
					break;
				}
				case K_PLAIN: {
					digits = 0;
					break;
				}
				default: {
					// `@ : + " ' ( ) [ ] { } < > \`, tabs, newlines, non-ASCII: every other family starts there.
					return NOT_PROVEN;
				}
			}
		}
		if (run > maxRun) maxRun = run;
		if (b64 > maxB64) maxB64 = b64;
		if (segment >= 8 && segmentLetters && segmentDigits) mixed = true;
		if (holdsLongToken(s, maxRun, maxB64, dots || slash)) return NOT_PROVEN;
		// A `key=value` whose value may be a high-entropy token: left to the scan.
		if (pairs && mixed) return NOT_PROVEN;
		return mixed ? INERT_UNLESS_TOKEN : INERT;
	};
}
