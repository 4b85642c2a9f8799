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

/**
 * `http://` or `https://` with a plain DNS host (letters, digits, inner dots and hyphens, last label starting
 * with a letter, no `xn--`/`--`) and an optional port ≤ 65535: the WHATWG parser cannot reject such a URL
 * (path, query and fragment never fail), so `new URL` is skipped.
 */
function hasPlainHttpAuthority(s: string): boolean {
	let i: number;
	if (s.startsWith('https://')) i = 8;
	else if (s.startsWith('http://')) i = 7;
	else return false;
	const hostStart = i;
	let labelStart = i;
	let prev = 46;
	for (; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 47 || c === 63 || c === 35 || c === 58) break;
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
	if (i === hostStart || prev === 46 || prev === 45 || i - hostStart > 253) return false;
	const first = s.charCodeAt(labelStart);
	if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90))) return false;
	if (s.charCodeAt(i) === 58) {
		let port = 0;
		let n = 0;
		for (i++; i < s.length; i++, n++) {
			const c = s.charCodeAt(i);
			if (c === 47 || c === 63 || c === 35) break;
			if (c < 48 || c > 57 || n >= 5) return false;
			port = port * 10 + c - 48;
		}
		if (port > 65535) return false;
	}
	return true;
}

/** The schemes the WHATWG parser treats as special (they have a host that can fail to parse). */
const SPECIAL_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

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
	const scheme = s.slice(0, schemeEnd).toLowerCase();
	if (scheme === 'file:') return s.startsWith('///', schemeEnd);
	const next = s.charCodeAt(schemeEnd);
	return !SPECIAL_SCHEMES.has(scheme) && next !== 47 && next !== 92;
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
	if (i === 0 && (hasPlainHttpAuthority(out) || (schemeEnd > 0 && hasNoHostToParse(out, schemeEnd))))
		return out;
	try {
		new URL(out, 'https://localhost');
		return out;
	} catch {
		return `/${encodePart(out).replaceAll('%2F', '/').replace(LEADING_SLASHES, '')}`;
	}
}
