/**
 * Cookie headers judged pair by pair. A `Cookie:` line carries preferences (`theme=dark; lang=de`) beside the
 * session id; only the pairs that are secret are redacted: a sensitive name (by the key rules, or a session
 * cookie name), a signed value (`s%3A…` / `s:…`), or a value that looks like a random token.
 */
import {isHighEntropy} from './checks.js';
import {COOKIE_HEADER, COOKIE_NAME, PERCENT_ESCAPE, SIGNED_COOKIE_VALUE} from './patterns.js';

/** Session cookie names the word-based key rules do not call sensitive on their own. */
const SESSION_COOKIE_NAMES = new Set([
	'connect.sid',
	'sid',
	'phpsessid',
	'jsessionid',
	'asp.net_sessionid',
	'aspsessionid',
	'_session_id',
	'laravel_session',
	'ci_session',
	'express.sid',
	'koa.sess',
	'koa:sess',
	'__session',
	'sessionid',
	'remember_token',
]);

/**
 * Whether a lower-case name is a session cookie's (`connect.sid`, `PHPSESSID`, `JSESSIONID`, `koa.sess`): its
 * value is a session id wherever the name appears, as a cookie, a property key or a `key=value` in text.
 */
export function isSessionCookieName(lower: string): boolean {
	return SESSION_COOKIE_NAMES.has(lower) || lower.endsWith('sessid') || lower.endsWith('.sid');
}

/** `Set-Cookie` attributes: never secret. */
const ATTRIBUTES = new Set([
	'path',
	'domain',
	'expires',
	'max-age',
	'samesite',
	'secure',
	'httponly',
	'priority',
	'partitioned',
]);

/** Whether one cookie pair's value must go. `nameIsSensitive` is the sanitizer's key judge. */
export function isSecretCookie(
	name: string,
	value: string,
	nameIsSensitive: (k: string) => boolean,
): boolean {
	if (value.length === 0) return false;
	const lower = name.toLowerCase();
	if (ATTRIBUTES.has(lower)) return false;
	if (isSessionCookieName(lower)) return true;
	if (SIGNED_COOKIE_VALUE.test(value)) return true;
	if (nameIsSensitive(name)) return true;
	return isHighEntropy(value.includes('%') ? value.replace(PERCENT_ESCAPE, '_') : value);
}

/**
 * Redacts the secret values of a `;`-separated cookie string (`a=1; sid=…`), keeping names, plain values and
 * the separators. Returns `pairs` itself when nothing changed.
 */
export function redactCookiePairs(
	pairs: string,
	nameIsSensitive: (k: string) => boolean,
	marker: () => string,
): string {
	let out = '';
	let last = 0;
	let start = 0;
	// The next `=` is searched again only once passed, so pairs without one cost no rescans.
	let eq = -1;
	while (start <= pairs.length) {
		let end = pairs.indexOf(';', start);
		if (end === -1) end = pairs.length;
		if (eq < start) {
			eq = pairs.indexOf('=', start);
			if (eq === -1) break;
		}
		if (eq < end) {
			const name = pairs.slice(start, eq).trim();
			let vEnd = end;
			while (vEnd > eq + 1 && pairs.charCodeAt(vEnd - 1) <= 32) vEnd--;
			const value = pairs.slice(eq + 1, vEnd);
			if (!value.startsWith('[REDACTED') && isSecretCookie(name, value, nameIsSensitive)) {
				out += pairs.slice(last, eq + 1) + marker();
				last = vEnd;
			}
		}
		start = end + 1;
	}
	return last === 0 ? pairs : out + pairs.slice(last);
}

/**
 * Finds `Cookie:` / `Set-Cookie:` headers in free text and judges their pairs up to the end of the line (or of
 * the string). Returns `s` itself when nothing changed.
 */
export function redactCookieHeaders(
	s: string,
	nameIsSensitive: (k: string) => boolean,
	marker: () => string,
): string {
	let out = '';
	let last = 0;
	COOKIE_HEADER.lastIndex = 0;
	for (let m = COOKIE_HEADER.exec(s); m !== null; m = COOKIE_HEADER.exec(s)) {
		const from = COOKIE_HEADER.lastIndex;
		let to = from;
		while (to < s.length && s.charCodeAt(to) !== 10 && s.charCodeAt(to) !== 13 && s.charCodeAt(to) !== 34)
			to++;
		const line = s.slice(from, to);
		const r = redactCookiePairs(line, nameIsSensitive, marker);
		if (r !== line) {
			out += s.slice(last, from) + r;
			last = to;
		}
		COOKIE_HEADER.lastIndex = to;
	}
	COOKIE_HEADER.lastIndex = 0;
	return last === 0 ? s : out + s.slice(last);
}

/** A header or property name that holds cookies: `cookie`, `cookies`, `set-cookie`, `Cookie2`. */
export function isCookieName(k: string): boolean {
	return COOKIE_NAME.test(k);
}
