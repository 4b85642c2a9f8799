/**
 * The promise that `Sanitizer.url` returns a URL that parses: the cheap char-code checks that prove it for the
 * common shapes, the WHATWG parser for the rest, and the encoded root-relative path a failing result becomes.
 */
import {isKeyChar, isLetter} from './chars.js';
import {LEADING_SLASHES, LONE_SURROGATE} from './patterns.js';

/** `encodeURIComponent`, with unpaired surrogates (which make it throw) encoded as U+FFFD. */
export function encodePart(s: string): string {
	let encoded: string;
	try {
		encoded = encodeURIComponent(s);
	} catch {
		encoded = encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'));
	}
	if (!encoded.includes('%')) return encoded;
	return encoded.replaceAll('%5B', '[').replaceAll('%5D', ']').replaceAll('%40', '@').replaceAll('%3A', ':');
}

/**
 * The length of a scheme and its `:` at `from` (`[a-z][\w+.-]*:`, case-insensitive, at most `max` characters
 * including the `:`), or 0.
 */
export function schemeLength(s: string, from: number, max: number): number {
	const c = s.charCodeAt(from);
	if (!isLetter(c)) return 0;
	const end = Math.min(s.length, from + max);
	for (let i = from + 1; i < end; i++) {
		const d = s.charCodeAt(i);
		if (d === 58) return i + 1 - from;
		if (!(isKeyChar(d) || d === 43)) return 0;
	}
	return 0;
}

/** What the WHATWG parser makes of a scheme: no special scheme, one whose host is a domain, or `file:`. */
const NOT_SPECIAL = 0;
const DOMAIN = 1;
const FILE = 2;

/** Whether `s` from `from` spells `word` (lower-case ASCII letters) in any case. */
function spells(s: string, from: number, word: string): boolean {
	for (let i = 0; i < word.length; i++)
		if ((s.charCodeAt(from + i) | 32) !== word.charCodeAt(i)) return false;
	return true;
}

/**
 * The kind of the scheme of `s` that ends with its `:` at `schemeEnd - 1` (`http`, `https`, `ws`, `wss`, `ftp`:
 * a domain host; `file`), read by char code: the parse check runs on every URL, so no slice or lower-casing.
 */
function specialKind(s: string, schemeEnd: number): number {
	const n = schemeEnd - 1;
	if (n === 2) return spells(s, 0, 'ws') ? DOMAIN : NOT_SPECIAL;
	if (n === 3) return spells(s, 0, 'wss') || spells(s, 0, 'ftp') ? DOMAIN : NOT_SPECIAL;
	if (n === 4) return spells(s, 0, 'http') ? DOMAIN : spells(s, 0, 'file') ? FILE : NOT_SPECIAL;
	return n === 5 && spells(s, 0, 'https') ? DOMAIN : NOT_SPECIAL;
}

/**
 * Where a plain userinfo ends (the index after its last `@`) in the authority of `s` from `from` to `end`, or
 * `from` when there is none; -1 when it holds anything but printable ASCII. The parser percent-encodes any
 * userinfo and never fails on it; tabs and line breaks (removed before parsing) and non-ASCII are left to it.
 */
function afterUserinfo(s: string, from: number, end: number): number {
	const at = s.lastIndexOf('@', end - 1);
	if (at < from) return from;
	for (let i = from; i < at; i++) {
		const c = s.charCodeAt(i);
		if (c <= 32 || c >= 127) return -1;
	}
	return at + 1;
}

/**
 * A scheme of ASCII letters, digits, `+ - .` and `://`, then an authority the WHATWG parser cannot reject: an
 * optional userinfo of printable ASCII (`[REDACTED]@`), a plain DNS host (letters, digits, inner dots and
 * hyphens, last label starting with a letter, no `xn--`/`--`, at most 253 characters) and an optional port ≤
 * 65535. For `http(s)`, `ws(s)` and `ftp` that host is a valid domain; for a non-special scheme (`postgres:`,
 * `amqp:`) an opaque host holds no forbidden code point. Path, query and fragment never fail, so `new URL` is
 * skipped. `file:` is not judged here.
 */
export function hasPlainAuthority(s: string): boolean {
	const schemeEnd = schemeLength(s, 0, 32);
	if (schemeEnd === 0 || s.charCodeAt(schemeEnd) !== 47 || s.charCodeAt(schemeEnd + 1) !== 47) return false;
	for (let i = 1; i < schemeEnd - 1; i++) {
		const c = s.charCodeAt(i);
		if (c === 95) return false;
	}
	const kind = specialKind(s, schemeEnd);
	if (kind === FILE) return false;
	const special = kind === DOMAIN;
	const from = schemeEnd + 2;
	let end = from;
	for (; end < s.length; end++) {
		const c = s.charCodeAt(end);
		if (c === 47 || c === 63 || c === 35 || (special && c === 92)) break;
	}
	const hostStart = afterUserinfo(s, from, end);
	return hostStart !== -1 && isPlainHostAndPort(s, hostStart, end);
}

/** A plain DNS host and an optional port ≤ 65535 from `from` to `end` (see {@link hasPlainAuthority}). */
function isPlainHostAndPort(s: string, from: number, end: number): boolean {
	let labelStart = from;
	let prev = 46;
	let i = from;
	for (; i < end; i++) {
		const c = s.charCodeAt(i);
		if (c === 58) break;
		if (c === 46) {
			if (prev === 46) return false;
			labelStart = i + 1;
		} else if (c === 45) {
			if (prev === 45 || prev === 46) return false;
		} else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) {
			return false;
		}
		prev = c;
	}
	if (i === from || prev === 46 || prev === 45 || i - from > 253) return false;
	const first = s.charCodeAt(labelStart);
	if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) return false;
	if (i === end) return true;
	let port = 0;
	let n = 0;
	for (i++; i < end; i++, n++) {
		const c = s.charCodeAt(i);
		if (c < 48 || c > 57 || n >= 5) return false;
		port = port * 10 + c - 48;
	}
	return port <= 65535;
}

/**
 * A URL the WHATWG parser cannot reject because it has no host to parse: a non-special scheme followed by
 * anything but a slash (an opaque path: `tel:+4930…`, `sms:…?body=…`, `mailto:…`), or `file:///` (an empty
 * host). Path, query and fragment never fail; tabs and line breaks, which the parser removes first, could join
 * slashes, so a string holding one is not judged here.
 */
export function hasNoHostToParse(s: string, schemeEnd: number): boolean {
	for (let i = 1; i < schemeEnd - 1; i++) {
		const c = s.charCodeAt(i);
		if (!(
			(c >= 97 && c <= 122) ||
			(c >= 65 && c <= 90) ||
			(c >= 48 && c <= 57) ||
			c === 43 ||
			c === 45 ||
			c === 46
		))
			return false;
	}
	for (let i = schemeEnd; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 9 || c === 10 || c === 13) return false;
	}
	const kind = specialKind(s, schemeEnd);
	if (kind === FILE) return s.startsWith('///', schemeEnd);
	const next = s.charCodeAt(schemeEnd);
	return kind === NOT_SPECIAL && next !== 47 && next !== 92;
}

/** Makes sure an absolute or protocol-relative result parses; if not, it becomes an encoded root-relative path. */
export function ensureParses(out: string): string {
	let i = 0;
	while (i < out.length && out.charCodeAt(i) <= 32) i++;
	// An absolute URL (a scheme within the first 40 characters) or a protocol-relative one can fail to parse.
	const c = out.charCodeAt(i);
	const slashes = (c === 47 || c === 92) && (out.charCodeAt(i + 1) === 47 || out.charCodeAt(i + 1) === 92);
	const schemeEnd = slashes ? 0 : schemeLength(out, i, Math.min(out.length, i + 40) - i);
	if (!slashes && schemeEnd === 0) return out;
	if (i === 0 && (hasPlainAuthority(out) || (schemeEnd > 0 && hasNoHostToParse(out, schemeEnd)))) return out;
	try {
		new URL(out, 'https://localhost');
		return out;
	} catch {
		return `/${encodePart(out).replaceAll('%2F', '/').replace(LEADING_SLASHES, '')}`;
	}
}
