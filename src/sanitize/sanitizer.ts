/**
 * The sanitizer factory. `createSanitizer` compiles everything once (options, key judges, enabled passes);
 * the returned methods only scan. Nothing here throws on any input.
 */
import {
	classifyNumber,
	isHighEntropy,
	isPublicIpv4,
	isPublicIpv6,
	isValidIban,
	looksLikeCredential,
	isCard,
	type NumberClass,
} from './checks.js';
import {isCredentialEnvName, redactCommandLineSecrets} from './cli-credentials.js';
import {isCookieName, redactCookieHeaders, redactCookiePairs} from './cookies.js';
import {redactEmailForms} from './email-forms.js';
import {mayHoldHomeDir, redactHomeUsers} from './home-paths.js';
import {createKeyJudge} from './keys.js';
import {isSecretTuple, secretPairField} from './name-value-pairs.js';
import {redactMessagingPhones, redactSlashPhones} from './national-phones.js';
import {redactPemBodies} from './pem.js';
import {isPublicSignedParam} from './presigned.js';
import {
	API_KEY,
	API_KEY_HINT,
	AUTH_HINT,
	AUTH_SCHEME,
	DENSITY_ASSET_DOMAIN,
	EMAIL,
	HEX,
	IBAN,
	IPV4,
	IPV6,
	JWT,
	KEY_VALUE_AT,
	MAC,
	MARKER_IN_KEY,
	NUMBER_RUN,
	PEM_BEGIN,
	PHONE_CONTEXT,
	URL_IN_TEXT,
	URL_USERINFO,
	UUID,
	WEBHOOK_PATH,
} from './patterns.js';
import {
	CIRCULAR,
	MARKERS,
	TRUNCATED,
	normalizeOptions,
	type NormalizedOptions,
	type PiiClass,
	type SanitizerOptions,
} from './options.js';

/** A compiled sanitizer. Every method is total: it never throws and never mutates its input. */
export interface Sanitizer {
	/** Scrubs free text (log lines, titles, event names, property values). */
	text(s: string): string;
	/** Scrubs a URL or path: userinfo, path segments, query keys and values, fragment. The result parses. */
	url(s: string): string;
	/**
	 * Scrubs event data and returns a new plain object. A non-object input is wrapped as `{value: …}`.
	 * See docs/sanitizer.md for what every special value becomes.
	 */
	data(value: unknown): Record<string, unknown>;
	/** Scrubs one property key. */
	key(k: string): string;
	/** The classes of personal data found in a string, URL or object (each once, in detection order). */
	detect(value: unknown): PiiClass[];
	/** True when {@link Sanitizer.detect} would find anything. */
	isPii(value: unknown): boolean;
}

const MARKER_CLASS: Record<string, PiiClass> = Object.create(null) as Record<string, PiiClass>;
for (const [cls, marker] of Object.entries(MARKERS)) MARKER_CLASS[marker] = cls as PiiClass;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function noop(): void {}

/** A marker we (or a custom pattern) produced: `[UPPER_CASE]`. */
function isMarker(s: string): boolean {
	return (
		s.length > 2 &&
		s.charCodeAt(0) === 91 &&
		s.charCodeAt(s.length - 1) === 93 &&
		s.indexOf('[', 1) === -1 &&
		/^\[[A-Z_]+\]$/.test(s)
	);
}

function startsWithMarker(s: string): boolean {
	return s.charCodeAt(0) === 91 && (s.startsWith('[REDACTED') || s.startsWith(TRUNCATED));
}

function safeDecode(s: string): string {
	let cur = s;
	for (let i = 0; i < 3 && cur.includes('%'); i++) {
		let next: string;
		try {
			next = decodeURIComponent(cur);
		} catch {
			next = cur.replace(/%([\da-f]{2})/gi, (m, h: string) => {
				const code = parseInt(h, 16);
				return code < 128 ? String.fromCharCode(code) : m;
			});
		}
		if (next === cur) break;
		cur = next;
	}
	return cur;
}

/** `encodeURIComponent`, with unpaired surrogates (which make it throw) encoded as U+FFFD. */
function encodePart(s: string): string {
	let encoded: string;
	try {
		encoded = encodeURIComponent(s);
	} catch {
		encoded = encodeURIComponent(
			s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
		);
	}
	return encoded.replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%40/g, '@').replace(/%3A/g, ':');
}

/** Characters at which a long string may be cut without splitting a PII item. */
function isHardSeparator(c: number): boolean {
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
function isDigitLike(c: number): boolean {
	return (c >= 48 && c <= 57) || c === 43 || c === 40 || c === 45 || c === 46 || c === 32;
}

function isLetter(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** A letter, `_` or non-ASCII character: glues a number to the word after it. */
function isWordChar(c: number): boolean {
	return isLetter(c) || c === 95 || c >= 128;
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** The separators {@link NUMBER_RUN} allows between digits: space ( ) . - */
function isNumberSeparator(c: number): boolean {
	return c === 32 || c === 40 || c === 41 || c === 46 || c === 45;
}

/** A word character, `.` or `-` right before a number run: the run is glued to a word. */
function isGlue(c: number): boolean {
	return isWordChar(c) || c === 46 || c === 45;
}

/** Bits of {@link CHAR_CLASS}. */
const C_DIGIT = 1;
/** `a-f`, `A-F`. */
const C_HEX = 2;
/** Letters, digits, `_`, `-` and every non-ASCII unit: the characters of a token run. */
const C_TOKEN = 4;
/** The separators {@link NUMBER_RUN} allows between digits: space ( ) . - */
const C_NUMBER_SEP = 8;
/** Characters the scan counts or flags: space, tab, newline, `:` `.` `@` `%` `=` `>` `/` `\` `(` `[` `{` `<`. */
const C_MARK = 16;

/** The class bits of every ASCII character, for the one-pass scan at the top of `scrub`. */
const CHAR_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = C_DIGIT | C_TOKEN;
for (let c = 65; c <= 90; c++) CHAR_CLASS[c] = C_TOKEN | (c <= 70 ? C_HEX : 0);
for (let c = 97; c <= 122; c++) CHAR_CLASS[c] = C_TOKEN | (c <= 102 ? C_HEX : 0);
CHAR_CLASS[95] = C_TOKEN;
CHAR_CLASS[45] = C_TOKEN | C_NUMBER_SEP;
for (const c of [32, 40, 41, 46]) CHAR_CLASS[c] = C_NUMBER_SEP;
for (const c of [9, 10, 32, 37, 40, 46, 47, 58, 60, 61, 62, 64, 91, 92, 123])
	CHAR_CLASS[c] = (CHAR_CLASS[c] as number) | C_MARK;

/**
 * `s.replace(re, fn)` restricted to matches that start at or after `from` and end by `to`, for a global regex
 * whose matches never contain the character at `to` (the caller's scan proves it, so `re` runs over
 * `s.slice(0, to)` and sees the same look-behinds; its final look-ahead sees a non-match character either way).
 * `fn` gets the match, its offset and the whole of `s`, as with `replace`.
 */
function replaceBetween(
	s: string,
	re: RegExp,
	from: number,
	to: number,
	fn: (m: string, offset: number, whole: string) => string,
): string {
	const head = to < s.length ? s.slice(0, to) : s;
	let out = '';
	let last = 0;
	re.lastIndex = from > 0 ? from : 0;
	for (;;) {
		const m = re.exec(head);
		if (m === null) break;
		const found = m[0];
		const start = m.index;
		const next = re.lastIndex;
		const r = fn(found, start, s);
		if (r !== found) {
			out += s.slice(last, start) + r;
			last = start + found.length;
		}
		re.lastIndex = next;
	}
	re.lastIndex = 0;
	return last === 0 ? s : out + s.slice(last);
}

/**
 * `s.replace(re, fn)` for a global regex whose every match contains a *hint* character, without running the
 * regex over the stretches that cannot hold a match. `nextHint(s, i)` finds the first hint at or after `i`;
 * `floor(s, h, i)` walks back from hint `h` (not below `i`) to the earliest position where a match containing
 * it could start. No match can start between the previous match's end and that floor, so `exec` from there
 * finds the same leftmost match as `replace` would; when it finds none, no match is left at all.
 * Group values are read before `fn` runs, so `fn` may itself use `re` (through a nested scrub).
 */
function replaceAnchored(
	s: string,
	re: RegExp,
	nextHint: (s: string, from: number) => number,
	floor: (s: string, hint: number, from: number) => number,
	fn: (m: RegExpExecArray) => string,
): string {
	let out = '';
	let last = 0;
	let changed = false;
	for (;;) {
		const h = nextHint(s, last);
		if (h === -1) break;
		re.lastIndex = floor(s, h, last);
		const m = re.exec(s);
		if (m === null) break;
		const start = m.index;
		const end = start + m[0].length;
		const r = fn(m);
		if (r !== m[0]) {
			out += s.slice(last, start) + r;
			last = end;
			changed = true;
		} else {
			out += s.slice(last, end);
			last = end;
		}
	}
	re.lastIndex = 0;
	return changed ? out + s.slice(last) : s;
}

/** Hints of {@link EMAIL}: `@`, `%40`, `%2540`. */
function nextEmailHint(s: string, from: number): number {
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
function emailFloor(s: string, h: number, from: number): number {
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

/** Hints of {@link KEY_VALUE}: `:`, `=`, `>` (of `->`), and `is`/`was` after a space or tab. */
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

function isKeyChar(c: number): boolean {
	return (
		(c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46
	);
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
 * Where a {@link KEY_VALUE} match may start: a key's first character (letter or `_`) that is not inside a word,
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
 * match cannot start before that hint's floor (see {@link replaceAnchored}). So the matches are the same, but a
 * string with a lone `:` or `=` costs a few sticky attempts instead of a search to its end.
 */
function replaceKeyValues(s: string, fn: (m: RegExpExecArray) => string): string {
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

/**
 * At most 13 chars of letters, digits (fewer than 7), `_`, `/` and `-` (fewer than 5): no built-in pass can
 * match such a string (every class needs `@`, `:`, `=`, `.`, `%`, a space, 7 digits, 5 dashes or 14+ chars),
 * so property keys, short values and path segments skip the scan. Checks `s` from `from` to `to`.
 */
function isPlainShort(s: string, from: number, to: number): boolean {
	if (to - from > 13) return false;
	let digits = 0;
	let dashes = 0;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 47) continue;
		if (c >= 48 && c <= 57) digits++;
		else if (c === 45) dashes++;
		else return false;
	}
	return digits < 7 && dashes < 5;
}

/**
 * The length of a scheme and its `:` at `from` (`[a-z][\w+.-]*:`, case-insensitive, at most `max` characters
 * including the `:`), or 0.
 */
function schemeLength(s: string, from: number, max: number): number {
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

/**
 * Creates a sanitizer. Rules are compiled once here; invalid custom patterns throw
 * `UmamiGuardError('INVALID_INPUT')`.
 *
 * @example
 * ```ts
 * const sanitizer = createSanitizer({sensitiveKeys: ['member_no'], onRedact: (cls) => counts[cls]++});
 * sanitizer.url('/user/john@example.com/reset?token=abc123'); // '/user/[REDACTED_EMAIL]/reset?token=[REDACTED]'
 * sanitizer.data({email: 'user@test.com', action: 'login'}); // {email: '[REDACTED_EMAIL]', action: 'login'}
 * ```
 */
export function createSanitizer(options: SanitizerOptions = {}): Sanitizer {
	const o = normalizeOptions(options);
	if (!o.enabled) return passThrough();
	return compile(o);
}

function passThrough(): Sanitizer {
	const identity = (s: string): string => (typeof s === 'string' ? s : String(s));
	return {
		text: identity,
		url: identity,
		key: identity,
		data: (value) => {
			if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
				const out: Record<string, unknown> = {};
				try {
					for (const k of Object.keys(value))
						if (!FORBIDDEN_KEYS.has(k)) out[k] = (value as Record<string, unknown>)[k];
				} catch {
					/* hostile object: return what we have */
				}
				return out;
			}
			return value === undefined || value === null ? {} : {value};
		},
		detect: () => [],
		isPii: () => false,
	};
}

function compile(o: NormalizedOptions): Sanitizer {
	const userHit = o.onRedact;
	const report =
		userHit === undefined
			? noop
			: (cls: PiiClass): void => {
					try {
						userHit(cls);
					} catch {
						/* a counting callback must never break sanitizing */
					}
				};
	/** Where hits go right now: the user's counter, or a detect() collector. */
	let sink: (cls: PiiClass) => void = report;
	const userRemove = o.onRemove;
	const reportRemove =
		userRemove === undefined
			? noop
			: (what: string): void => {
					try {
						userRemove(what);
					} catch {
						/* a counting callback must never break sanitizing */
					}
				};
	/** Where removals of unstorable values go: the user's callback, or nowhere while detect() runs. */
	let removed: (what: string) => void = reportRemove;
	/** Hits so far: lets `data()` cache a key's verdict only when judging it reported nothing. */
	let hits = 0;
	const hit = (cls: PiiClass): void => {
		hits++;
		sink(cls);
	};
	const dataKeyIsSensitive = createKeyJudge(o.sensitiveKeys, false);
	const queryKeyIsSensitive = createKeyJudge(o.sensitiveKeys, true);
	const allowKeys = o.allowKeys;
	const allowValues = o.allowValues;
	const hasAllowValues = allowValues.size > 0;
	const custom = o.patterns;
	const maxLen = o.maxStringLength;
	const numbers = o.phones || o.cards || o.ssns;
	/** Without custom patterns, {@link isPlainShort} strings pass every built-in detector untouched. */
	const fastPlain = custom.length === 0;

	const mark = (cls: Exclude<PiiClass, 'custom'>): string => {
		hit(cls);
		return MARKERS[cls];
	};

	// ---- free text -------------------------------------------------------------------------------------

	/** The marker when `value` is, as a whole, one PII item; else undefined. Does not report hits. */
	function wholeMarker(value: string): string | undefined {
		const saved = sink;
		sink = noop;
		try {
			const r = scrub(value, false);
			return r !== value && isMarker(r) ? r : undefined;
		} finally {
			sink = saved;
		}
	}

	function redactSensitiveString(value: string, apiKeyContext: boolean): string {
		if (value.length === 0 || startsWithMarker(value)) return value;
		const whole = wholeMarker(value);
		if (whole !== undefined) {
			hit(MARKER_CLASS[whole] ?? 'custom');
			return whole;
		}
		if (apiKeyContext && o.apiKeys && isHighEntropy(value)) return mark('api_key');
		return mark('secret');
	}

	function onKeyValue(
		m: string,
		key: string,
		sep: string,
		dq: string | undefined,
		sq: string | undefined,
		bare: string | undefined,
	): string {
		const value = dq ?? sq ?? bare ?? '';
		if (startsWithMarker(value) || /^(?:bearer|basic|digest|token)$/i.test(value) || value.startsWith('//'))
			return m;
		const sensitive =
			o.tokens && (dataKeyIsSensitive(key) || isCredentialEnvName(key)) && !allowKeys.has(key.toLowerCase());
		const wordSep = !sep.includes(':') && !sep.includes('=') ? true : sep.includes('>');
		let replacement: string | undefined;
		// A `Cookie:` header's pairs were judged one by one before (redactCookieHeaders).
		if (sensitive && dq === undefined && sq === undefined && sep.includes(':') && isCookieName(key)) return m;
		if (sensitive) {
			// Prose forms (`password is X`) need a value that is not a plain word.
			if (wordSep && !/[^\p{L}.,!?;:]/u.test(value)) return m;
			if (hasAllowValues && allowValues.has(value)) return m;
			replacement = redactSensitiveString(value, /key|token|secret/i.test(key));
		} else if (
			o.apiKeys &&
			isHighEntropy(value) &&
			!(hasAllowValues && allowValues.has(value)) &&
			!isPublicSignedParam(key)
		) {
			replacement = mark('api_key');
		}
		if (replacement === undefined) return m;
		const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
		return key + sep + quote + replacement + quote;
	}

	function onKeyValueMatch(m: RegExpExecArray): string {
		return onKeyValue(m[0], m[1] ?? '', m[2] ?? '', m[3], m[4], m[5]);
	}

	function onEmailMatch(m: RegExpExecArray): string {
		// `icon@2x.png`: an image density variant, not an address.
		const found = m[0];
		const at = found.indexOf('@');
		if (at !== -1 && isDigit(found.charCodeAt(at + 1)) && DENSITY_ASSET_DOMAIN.test(found.slice(at + 1)))
			return found;
		return mark('email');
	}

	const markApiKey = (): string => mark('api_key');
	const markSecret = (): string => mark('secret');
	const markUser = (): string => mark('user');
	const markPhone = (): string => mark('phone');
	const onEmailForm = (): string => mark('email');
	const markUuid = (): string => mark('uuid');
	const markMac = (): string => mark('mac');
	const markHex = (): string => mark('hex');
	const onIban = (m: string): string => (isValidIban(m) ? mark('iban') : m);
	const onIpv6 = (m: string): string => (isPublicIpv6(m) ? mark('ip') : m);
	const onAuthScheme = (m: string, scheme: string, ws: string, cred: string): string =>
		looksLikeCredential(cred) ? scheme + ws + mark('secret') : m;

	function onUrlInText(m: string): string {
		let end = m.length;
		while (end > 0 && '.,;:!?)]}'.includes(m.charAt(end - 1))) end--;
		return scrubUrl(m.slice(0, end), false) + m.slice(end);
	}

	function numberClassEnabled(cls: 'card' | 'phone' | 'ssn'): boolean {
		return cls === 'card' ? o.cards : cls === 'phone' ? o.phones : o.ssns;
	}

	/**
	 * A number glued to a word (`user_4111…`, `order-4111…`, `4111…x`) is a card or an SSN by its own checks,
	 * but a phone only with a `+` or a phone word before it: `order_1234567`, `build-20240315` are ids.
	 */
	function classify(run: string, before: string, glued: boolean): NumberClass {
		const cls = classifyNumber(run, before);
		if (!glued || cls !== 'phone') return cls;
		return run.charCodeAt(0) === 43 || run.startsWith('(+') || PHONE_CONTEXT.test(before) ? cls : undefined;
	}

	function onNumber(run: string, offset: number, whole: string): string {
		const gluedBefore = offset > 0 && isGlue(whole.charCodeAt(offset - 1));
		if (!isWordChar(whole.charCodeAt(offset + run.length))) return numberRun(run, offset, whole, gluedBefore);
		// Glued to the word after it (`4111…x`, `+33 2 97 79 90 33 1920x1080`): a card or SSN as a whole, else the
		// last group belongs to that word and the run before its last separator is judged on its own.
		const cls = classify(run, whole.slice(Math.max(0, offset - 24), offset), true);
		if (cls === 'card' || cls === 'ssn') return numberClassEnabled(cls) ? mark(cls) : run;
		let cut = run.length - 1;
		while (cut > 0 && !(isNumberSeparator(run.charCodeAt(cut)) && isDigit(run.charCodeAt(cut - 1)))) cut--;
		if (cut > 0) return numberRun(run.slice(0, cut), offset, whole, gluedBefore) + run.slice(cut);
		return cls !== undefined && numberClassEnabled(cls) ? mark(cls) : run;
	}

	function numberRun(run: string, offset: number, whole: string, glued: boolean): string {
		const cls = classify(run, whole.slice(Math.max(0, offset - 24), offset), glued);
		if (cls !== undefined) return numberClassEnabled(cls) ? mark(cls) : run;
		if (!run.includes(' ') || isCardShaped(run)) return run;
		// The run may glue several things together (`403 - 3702 7576 4496 725`, `call 555-123-4567 2 times`):
		// try the longest space-delimited sub-runs, left to right.
		const starts: number[] = [];
		const ends: number[] = [];
		const groupDigits: number[] = [];
		for (let i = 0; i < run.length; i++) {
			const c = run.charCodeAt(i);
			if (c === 32) continue;
			if (i === 0 || run.charCodeAt(i - 1) === 32) {
				starts.push(i);
				groupDigits.push(0);
			}
			if (c >= 48 && c <= 57)
				groupDigits[groupDigits.length - 1] = (groupDigits[groupDigits.length - 1] ?? 0) + 1;
			if (i === run.length - 1 || run.charCodeAt(i + 1) === 32) ends.push(i + 1);
		}
		let out = '';
		let last = 0;
		for (let i = 0; i < starts.length; i++) {
			const from = starts[i] ?? 0;
			const first = run.charCodeAt(from);
			if (!((first >= 48 && first <= 57) || first === 43 || first === 40)) continue;
			// A phone or card spans at most six space-separated groups; this bounds the work per run.
			const top = Math.min(starts.length - 1, i + 5);
			let subDigits = 0;
			for (let k = i; k <= top; k++) subDigits += groupDigits[k] ?? 0;
			for (let j = top; j >= i; subDigits -= groupDigits[j] ?? 0, j--) {
				// Fewer than 7 digits is never a phone, card or SSN (`classifyNumber` says so first).
				if (subDigits < 7) break;
				if (i === 0 && j === starts.length - 1) continue;
				const to = ends[j] ?? run.length;
				const lastChar = run.charCodeAt(to - 1);
				if (lastChar < 48 || lastChar > 57) continue;
				const sub = run.slice(from, to);
				const subCls = classify(
					sub,
					(whole.slice(Math.max(0, offset - 24), offset) + run.slice(0, from)).slice(-24),
					glued,
				);
				// Inside a longer run, a phone must carry its own formatting (`+`, `(`, `-`, `.`), not just spaces.
				const strong = subCls !== 'phone' || /^[+(]|\d[.-]\d/.test(sub);
				if (subCls !== undefined && strong && numberClassEnabled(subCls)) {
					out += run.slice(last, from) + mark(subCls);
					last = to;
					i = j;
					break;
				}
			}
		}
		return last === 0 ? run : out + run.slice(last);
	}

	function onIpv4(ip: string, offset: number, whole: string): string {
		if (!isPublicIpv4(ip)) return ip;
		// `Chrome/120.0.0.0`, `Version/17.2.1.0`: a version after a product name, not an address.
		if (offset >= 2 && whole.charCodeAt(offset - 1) === 47 && isLetter(whole.charCodeAt(offset - 2)))
			return ip;
		if (offset >= 1 && (whole.charCodeAt(offset - 1) === 118 || whole.charCodeAt(offset - 1) === 86))
			return ip;
		if (/version\W{0,3}$/i.test(whole.slice(Math.max(0, offset - 12), offset))) return ip;
		return mark('ip');
	}

	/**
	 * The text passes, in an order where earlier, more specific detectors protect later ones. One char-code scan
	 * first collects the cheap facts (digit count, longest token run, punctuation seen) that let each pass be
	 * skipped when it cannot match — most strings run two or three regexes, not thirteen.
	 */
	function scrub(input: string, urls: boolean): string {
		let s = input;
		const n = s.length;
		let colons = 0;
		let dots = 0;
		let dashes = 0;
		let at = false;
		let pct = false;
		let eq = false;
		let space = false;
		let slash = false;
		// A `/` after a digit (`030/…`, `030 /…`): the German national form.
		let digitSlash = false;
		let slashHome = false;
		let bracketAt = false;
		let quotedAt = false;
		let colonAfterE = false;
		let flagDash = false;
		// ` is`, ` was` or `->`: the prose separators of KEY_VALUE.
		let prose = false;
		let run = 0;
		let maxRun = 0;
		// Hex runs: only the thresholds 4 (MAC) and 32 (HEX) matter; `hexFrom`/`hexTo` bound the 32+ runs.
		let hexRun = 0;
		let hex4 = false;
		let hexFrom = -1;
		let hexTo = 0;
		// Number runs (NUMBER_RUN): digits separated by at most two of ` ().-`; a candidate needs 7 digits.
		// `numFrom` is the first digit of the first candidate window, `numTo` the end of the last one.
		let numDigits = 0;
		let numGap = 0;
		let numStart = 0;
		let numFrom = -1;
		let numTo = 0;
		// Dotted quads (IPV4): digit groups joined by single dots; a candidate needs four groups.
		let quadGroups = 0;
		let quadDot = false;
		let quadCand = false;
		// IBAN heads: two capitals and two digits.
		let ibanCand = false;
		let prevDigit = false;
		for (let i = 0; i < n; i++) {
			const c = s.charCodeAt(i);
			const t = c < 128 ? (CHAR_CLASS[c] as number) : C_TOKEN;
			if ((t & C_DIGIT) !== 0) {
				if (numGap > 2 || numDigits === 0) {
					numDigits = 0;
					numStart = i;
				}
				numGap = 0;
				if (++numDigits >= 7) {
					if (numFrom === -1) numFrom = numStart;
					numTo = i + 1;
				}
				if (quadDot) {
					quadDot = false;
					if (++quadGroups >= 3) quadCand = true;
				}
				if (prevDigit && i >= 3) {
					const a = s.charCodeAt(i - 2);
					const b = s.charCodeAt(i - 3);
					if (a >= 65 && a <= 90 && b >= 65 && b <= 90) ibanCand = true;
				}
				run++;
				hexRun++;
				prevDigit = true;
				continue;
			}
			if ((t & C_NUMBER_SEP) === 0) numDigits = 0;
			else if (numDigits > 0) numGap++;
			if (c === 46 && prevDigit) {
				quadDot = true;
			} else {
				quadGroups = 0;
				quadDot = false;
			}
			prevDigit = false;
			if ((t & C_TOKEN) !== 0) {
				run++;
				if ((t & C_HEX) !== 0) {
					hexRun++;
				} else {
					if (hexRun >= 4) {
						hex4 = true;
						if (hexRun >= 32) {
							if (hexFrom === -1) hexFrom = i - hexRun;
							hexTo = i;
						}
					}
					hexRun = 0;
					if (c === 45) {
						dashes++;
						// A flag after a space (` -p…`, ` --password`): command-line credentials are possible.
						if (i > 0 && (s.charCodeAt(i - 1) === 32 || s.charCodeAt(i - 1) === 9)) flagDash = true;
					}
				}
				continue;
			}
			if (run > maxRun) maxRun = run;
			if (hexRun >= 4) {
				hex4 = true;
				if (hexRun >= 32) {
					if (hexFrom === -1) hexFrom = i - hexRun;
					hexTo = i;
				}
			}
			run = 0;
			hexRun = 0;
			if ((t & C_MARK) !== 0) {
				if (c === 32) {
					space = true;
					const d = s.charCodeAt(i + 1);
					if (
						(d === 105 && s.charCodeAt(i + 2) === 115) ||
						(d === 119 && s.charCodeAt(i + 2) === 97 && s.charCodeAt(i + 3) === 115)
					)
						prose = true;
				} else if (c === 58) {
					colons++;
					// `Cookie:` / `Set-Cookie :`: a colon after an `e` (or `e `) may end a cookie header name.
					const p = s.charCodeAt(i - 1) === 32 ? s.charCodeAt(i - 2) : s.charCodeAt(i - 1);
					if (p === 101 || p === 69 || p === 50) colonAfterE = true;
				} else if (c === 46) dots++;
				else if (c === 64) {
					at = true;
					if (i > 0 && s.charCodeAt(i - 1) === 34) quotedAt = true;
				} else if (c === 37) pct = true;
				else if (c === 61) eq = true;
				else if (c === 62) {
					if (i > 0 && s.charCodeAt(i - 1) === 45) prose = true;
				} else if (c === 47 || c === 92) {
					slash = true;
					// `/home/`, `/Users/`, `\Users\`: a separator before `h`, `U` or `u` may open a home directory.
					const d = s.charCodeAt(i + 1);
					if (d === 104 || d === 85 || d === 117) slashHome = true;
					if (c === 47 && i > 0) {
						const p = s.charCodeAt(i - 1);
						if (isDigit(p) || (p === 32 && isDigit(s.charCodeAt(i - 2)))) digitSlash = true;
					}
				} else if (c === 40 || c === 91 || c === 123 || c === 60) {
					// `(at)`, `[ at ]`: a bracket right before an `a` (one space allowed) may open an obfuscated `at`.
					const d = s.charCodeAt(i + 1) === 32 ? s.charCodeAt(i + 2) : s.charCodeAt(i + 1);
					if (d === 97 || d === 65) bracketAt = true;
				} else space = true; // tab, newline
			}
		}
		if (run > maxRun) maxRun = run;
		if (hexRun >= 4) {
			hex4 = true;
			if (hexRun >= 32) {
				if (hexFrom === -1) hexFrom = n - hexRun;
				hexTo = n;
			}
		}

		if (o.phones && slash && numFrom !== -1 && s.includes('.me/')) s = redactMessagingPhones(s, markPhone);
		if (o.phones && digitSlash) s = redactSlashPhones(s, markPhone);
		if (o.homePaths && n >= 9 && (slashHome || pct) && mayHoldHomeDir(s)) s = redactHomeUsers(s, markUser);
		if (o.tokens && dashes >= 5 && s.includes(PEM_BEGIN)) s = redactPemBodies(s, markSecret);
		if (o.tokens && maxRun >= 6 && dots >= 2 && s.includes('eyJ'))
			s = s.replace(JWT, (_m, glue: string) => glue + mark('jwt'));
		if (colons > 0 && s.includes('://')) {
			if (o.tokens && at) s = s.replace(URL_USERINFO, (_m, scheme: string) => `${scheme}${mark('secret')}@`);
			if (urls) s = s.replace(URL_IN_TEXT, onUrlInText);
		}
		if (o.apiKeys && maxRun >= 16) {
			if (s.includes('hooks.slack.com/') || s.includes('/webhooks/')) s = s.replace(WEBHOOK_PATH, markApiKey);
			if (API_KEY_HINT.test(s)) s = s.replace(API_KEY, markApiKey);
		}
		if (o.tokens && space && maxRun >= 8 && AUTH_HINT.test(s)) s = s.replace(AUTH_SCHEME, onAuthScheme);
		if (o.tokens && flagDash) s = redactCommandLineSecrets(s, markSecret);
		if (o.tokens && colonAfterE && (s.includes('ookie') || s.includes('OOKIE')))
			s = redactCookieHeaders(s, dataKeyIsSensitive, markSecret);
		if (colons > 0 || eq || (space && prose)) s = replaceKeyValues(s, onKeyValueMatch);
		if (o.emails && (quotedAt || bracketAt)) s = redactEmailForms(s, quotedAt, bracketAt, onEmailForm);
		if (o.emails && (at || pct)) s = replaceAnchored(s, EMAIL, nextEmailHint, emailFloor, onEmailMatch);
		if (o.uuids && maxRun >= 36 && dashes >= 4) s = s.replace(UUID, markUuid);
		if (o.ibans && ibanCand && n >= 15) s = s.replace(IBAN, onIban);
		if (o.ips && (colons >= 6 || (colons >= 2 && s.includes('::')))) s = s.replace(IPV6, onIpv6);
		if (o.macs && (colons >= 5 || dashes >= 5 || (dots >= 2 && hex4)) && n >= 14) s = s.replace(MAC, markMac);
		if (o.ips && quadCand) s = s.replace(IPV4, onIpv4);
		// Where nothing before changed the string, the scan's positions hold: the number and hex patterns only
		// run over the stretch from the first candidate to the end of the last one.
		if (numbers && numFrom !== -1)
			s =
				s === input
					? replaceBetween(s, NUMBER_RUN, numFrom - 2, numTo, onNumber)
					: s.replace(NUMBER_RUN, onNumber);
		if (o.hex && hexFrom !== -1)
			s = s === input ? replaceBetween(s, HEX, hexFrom - 2, hexTo, markHex) : s.replace(HEX, markHex);
		for (const p of custom) {
			s = s.replace(p.regex, (m) => {
				if (m.length === 0) return m;
				hit('custom');
				return p.marker;
			});
		}
		return s;
	}

	/**
	 * Cuts an over-long string where no PII item can straddle the cut: at a newline, or at a separator that
	 * does not follow a digit (so `4242 4242 | 4242 4242` is never split), searching the last 4 kB before the
	 * cap; failing that, at the cap itself. `' [Truncated]'` is appended.
	 */
	function cut(s: string): string {
		if (s.length <= maxLen) return s;
		const floor = Math.max(0, maxLen - 4096);
		let at = maxLen;
		for (let i = maxLen; i > floor; i--) {
			const c = s.charCodeAt(i);
			if (c === 10 || (isHardSeparator(c) && !isDigitLike(s.charCodeAt(i - 1)))) {
				at = i;
				break;
			}
		}
		return `${s.slice(0, at)} ${TRUNCATED}`;
	}

	function text(s: string): string {
		if (typeof s !== 'string') s = safeString(s);
		if (hasAllowValues && allowValues.has(s)) return s;
		return scrub(cut(s), true);
	}

	// ---- URLs --------------------------------------------------------------------------------------------

	function scrubSegment(seg: string): string {
		if (seg.length === 0 || (fastPlain && isPlainShort(seg, 0, seg.length))) return seg;
		if (hasAllowValues && allowValues.has(seg)) return seg;
		const decoded = seg.includes('%') ? safeDecode(seg) : seg;
		const r = scrub(decoded, false);
		if (r === decoded) {
			if (o.apiKeys && decoded.length >= 16 && isHighEntropy(decoded)) return mark('api_key');
			return seg;
		}
		return decoded === seg ? r : encodePart(r);
	}

	function scrubPair(pair: string): string {
		const eq = pair.indexOf('=');
		if (eq === -1) return scrubSegment(pair);
		const k = pair.slice(0, eq);
		const v = pair.slice(eq + 1);
		const kDecoded = k.includes('%') ? safeDecode(k) : k;
		if (isPublicSignedParam(kDecoded)) return pair;
		const kOut = scrubSegment(k);
		if (v.length > 0 && o.tokens && queryKeyIsSensitive(kDecoded) && !allowKeys.has(kDecoded.toLowerCase())) {
			const vDecoded = v.includes('%') ? safeDecode(v) : v;
			return `${kOut}=${hasAllowValues && allowValues.has(vDecoded) ? v : redactSensitiveString(vDecoded, true)}`;
		}
		const vOut = scrubSegment(v);
		return kOut === k && vOut === v ? pair : `${kOut}=${vOut}`;
	}

	/** Scrubs each `&`-separated pair; builds a new string only from the first pair that changed. */
	function scrubPairs(q: string): string {
		let out = '';
		let last = 0;
		let start = 0;
		for (;;) {
			const amp = q.indexOf('&', start);
			const end = amp === -1 ? q.length : amp;
			if (end > start) {
				const pair = q.slice(start, end);
				const r = scrubPair(pair);
				if (r !== pair) {
					out += q.slice(last, start) + r;
					last = end;
				}
			}
			if (amp === -1) break;
			start = amp + 1;
		}
		return last === 0 ? q : out + q.slice(last);
	}

	/** Scrubs each `/`-separated segment in place; plain short segments are not even sliced out. */
	function scrubPath(p: string): string {
		let out = '';
		let last = 0;
		let start = 0;
		for (;;) {
			const slash = p.indexOf('/', start);
			const end = slash === -1 ? p.length : slash;
			if (end > start && !(fastPlain && isPlainShort(p, start, end))) {
				const seg = p.slice(start, end);
				const r = scrubSegment(seg);
				if (r !== seg) {
					out += p.slice(last, start) + r;
					last = end;
				}
			}
			if (slash === -1) break;
			start = slash + 1;
		}
		return last === 0 ? p : out + p.slice(last);
	}

	function scrubHost(authority: string): string {
		let host = authority;
		let userinfo = '';
		const at = host.lastIndexOf('@');
		if (at !== -1) {
			userinfo = o.tokens ? `${mark('secret')}@` : host.slice(0, at + 1);
			host = host.slice(at + 1);
		}
		if (o.ips) {
			const colon = host.lastIndexOf(':');
			const name = colon !== -1 && !host.startsWith('[') ? host.slice(0, colon) : host;
			if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name) && isPublicIpv4(name)) {
				hit('ip');
				host = `REDACTED_IP${host.slice(name.length)}`;
			} else if (host.startsWith('[')) {
				const close = host.indexOf(']');
				if (close !== -1 && isPublicIpv6(host.slice(1, close))) {
					hit('ip');
					host = `REDACTED_IP${host.slice(close + 1)}`;
				}
			}
		}
		return userinfo + host;
	}

	/** Splits scheme/authority/path/query/fragment by hand, so nothing is normalised that was not PII. */
	function scrubUrl(input: string, verify: boolean): string {
		let s = input;
		if (o.apiKeys && s.includes('hooks') && (s.includes('hooks.slack.com/') || s.includes('/webhooks/')))
			s = s.replace(WEBHOOK_PATH, markApiKey);
		if (o.phones && s.includes('.me/')) s = redactMessagingPhones(s, markPhone);
		let prefix = '';
		let rest = s;
		const schemeEnd = schemeLength(s, 0, 32);
		if (schemeEnd > 0) {
			prefix = s.slice(0, schemeEnd);
			rest = s.slice(schemeEnd);
			if (o.homePaths && schemeEnd === 5 && prefix.toLowerCase() === 'file:')
				rest = redactHomeUsers(rest, markUser);
		}
		if (rest.startsWith('//')) {
			let end = rest.length;
			for (let i = 2; i < rest.length; i++) {
				const c = rest.charCodeAt(i);
				if (c === 47 || c === 63 || c === 35 || c === 92) {
					end = i;
					break;
				}
			}
			prefix += `//${scrubHost(rest.slice(2, end))}`;
			rest = rest.slice(end);
		}
		let fragment = '';
		const hash = rest.indexOf('#');
		if (hash !== -1) {
			fragment = rest.slice(hash + 1);
			rest = rest.slice(0, hash);
		}
		let query: string | undefined;
		const q = rest.indexOf('?');
		if (q !== -1) {
			query = rest.slice(q + 1);
			rest = rest.slice(0, q);
		}
		let out = prefix + scrubPath(rest);
		if (query !== undefined) out += `?${scrubPairs(query)}`;
		if (hash !== -1) {
			out += `#${fragment.includes('=') ? scrubPairs(fragment) : scrubPath(fragment)}`;
		}
		return verify ? ensureParses(out) : out;
	}

	function ensureParses(out: string): string {
		let i = 0;
		while (i < out.length && out.charCodeAt(i) <= 32) i++;
		// An absolute URL (a scheme within the first 40 characters) or a protocol-relative one can fail to parse.
		const c = out.charCodeAt(i);
		const slashes = (c === 47 || c === 92) && (out.charCodeAt(i + 1) === 47 || out.charCodeAt(i + 1) === 92);
		if (!slashes && schemeLength(out, i, Math.min(out.length, i + 40) - i) === 0) return out;
		if (i === 0 && hasPlainHttpAuthority(out)) return out;
		try {
			new URL(out, 'https://localhost');
			return out;
		} catch {
			return `/${encodePart(out).replace(/%2F/g, '/').replace(/^\/+/, '')}`;
		}
	}

	function url(s: string): string {
		if (typeof s !== 'string') s = safeString(s);
		if (hasAllowValues && allowValues.has(s)) return s;
		const capped = s.length > maxLen ? cut(s) : s;
		return scrubUrl(capped, true);
	}

	// ---- keys and objects --------------------------------------------------------------------------------

	function key(k: string): string {
		if (typeof k !== 'string') k = safeString(k);
		if (fastPlain && isPlainShort(k, 0, k.length)) return k;
		if (k.length > 256) k = `${k.slice(0, 256)}${TRUNCATED}`;
		return scrub(k, false);
	}

	/** Budget of values visited per data() call, against DAGs that share sub-objects many times over. */
	const MAX_NODES = 10_000;
	let budget = 0;

	function scrubString(v: string): string {
		if (fastPlain && isPlainShort(v, 0, v.length)) return v;
		if (hasAllowValues && allowValues.has(v)) return v;
		const r = scrub(cut(v), true);
		if (r === v && o.apiKeys && v.length >= 16 && isHighEntropy(v)) return mark('api_key');
		return r;
	}

	/** A name in the name/value-pair form (`{name: 'otp', value: …}`) that makes its value secret. */
	const pairNameIsSensitive = (name: string): boolean =>
		(dataKeyIsSensitive(name) || isCredentialEnvName(name)) && !allowKeys.has(name.toLowerCase());

	function redactAny(v: unknown): unknown {
		if (v === null || v === undefined) return v;
		if (typeof v === 'string') return redactSensitiveString(v, false);
		if (typeof v === 'function' || typeof v === 'symbol') return undefined;
		return mark('secret');
	}

	/** Returns the cleaned value, or `undefined` to drop it. `stack` holds the objects on the current path. */
	function walk(v: unknown, depth: number, stack: object[], raw: boolean): unknown {
		if (--budget < 0) return TRUNCATED;
		switch (typeof v) {
			case 'string': {
				return raw ? v : scrubString(v);
			}
			case 'number': {
				if (!Number.isFinite(v)) {
					removed(Number.isNaN(v) ? 'NaN removed' : 'infinite number removed');
					return undefined;
				}
				if (!raw && o.cards && Number.isInteger(v) && v >= 1e12 && isCard(String(v))) return mark('card');
				return v;
			}
			case 'boolean': {
				return v;
			}
			case 'bigint': {
				const s = v.toString();
				return raw ? s : scrubString(s.length >= 13 && o.cards && isCard(s) ? mark('card') : s);
			}
			case 'object': {
				if (v === null) return null;
				return walkObject(v, depth, stack, raw);
			}
			default: {
				return undefined; // undefined, symbol, function
			}
		}
	}

	function walkObject(v: object, depth: number, stack: object[], raw: boolean): unknown {
		if (stack.includes(v)) return CIRCULAR;
		if (v instanceof Date) {
			const t = v.getTime();
			return Number.isNaN(t) ? undefined : v.toISOString();
		}
		if (depth >= o.maxDepth) return TRUNCATED;
		if (v instanceof RegExp) return raw ? String(v) : scrubString(String(v));
		if (ArrayBuffer.isView(v)) {
			if (v instanceof DataView) return undefined;
			const arr = v as unknown as ArrayLike<number | bigint>;
			const n = Math.min(arr.length, o.maxArrayLength);
			const out: unknown[] = [];
			for (let i = 0; i < n; i++) {
				const item = arr[i];
				out.push(typeof item === 'bigint' ? item.toString() : item);
			}
			if (arr.length > n) out.push(TRUNCATED);
			return out;
		}
		if (v instanceof ArrayBuffer) return undefined;
		stack.push(v);
		try {
			if (Array.isArray(v) || v instanceof Set) return walkList(v, depth, stack, raw);
			if (v instanceof Map) return walkMap(v, depth, stack, raw);
			if (v instanceof Error)
				return walkEntries(
					[
						['name', v.name],
						['message', v.message],
					],
					depth,
					stack,
					raw,
				);
			return walkRecord(v, depth, stack, raw);
		} finally {
			stack.pop();
		}
	}

	function walkList(v: unknown[] | Set<unknown>, depth: number, stack: object[], raw: boolean): unknown[] {
		const out: unknown[] = [];
		const max = o.maxArrayLength;
		let seen = 0;
		try {
			if (Array.isArray(v)) {
				const n = v.length;
				for (let i = 0; i < n && seen < max; i++, seen++) {
					let item: unknown;
					try {
						item = v[i];
					} catch {
						continue;
					}
					const w =
						!raw && o.tokens && isSecretTuple(item, pairNameIsSensitive)
							? [walk(item[0], depth + 2, stack, false), redactAny(item[1]) ?? null]
							: walk(item, depth + 1, stack, raw);
					out.push(w === undefined ? null : w);
				}
				if (n > max) out.push(TRUNCATED);
			} else {
				for (const item of v) {
					if (seen++ >= max) {
						out.push(TRUNCATED);
						break;
					}
					const w = walk(item, depth + 1, stack, raw);
					if (w !== undefined) out.push(w);
				}
			}
		} catch {
			/* hostile iterable: keep what we have */
		}
		return out;
	}

	function walkMap(
		v: Map<unknown, unknown>,
		depth: number,
		stack: object[],
		raw: boolean,
	): Record<string, unknown> {
		const entries: [string, unknown][] = [];
		try {
			for (const [k, val] of v) {
				if (entries.length > o.maxKeys) break;
				if (typeof k === 'symbol' || typeof k === 'function') continue;
				entries.push([typeof k === 'object' && k !== null ? '[object]' : String(k), val]);
			}
		} catch {
			/* hostile Map */
		}
		return walkEntries(entries, depth, stack, raw);
	}

	function walkRecord(v: object, depth: number, stack: object[], raw: boolean): Record<string, unknown> {
		let keys: string[];
		try {
			keys = Object.keys(v);
		} catch {
			return {};
		}
		const out: Record<string, unknown> = {};
		const max = o.maxKeys;
		let kept = 0;
		// `{name: 'password', value: …}`: the name is a value, so the value's key alone does not tell.
		const pairField =
			raw || !o.tokens ? undefined : secretPairField(keys, (k) => readSafe(v, k), pairNameIsSensitive);
		for (let i = 0; i < keys.length; i++) {
			const k = keys[i] as string;
			if (FORBIDDEN_KEYS.has(k)) continue;
			if (kept >= max) {
				out[TRUNCATED] = TRUNCATED;
				break;
			}
			let item: unknown;
			try {
				item = (v as Record<string, unknown>)[k];
			} catch {
				continue; // throwing getter or Proxy trap
			}
			if (k === pairField) {
				const r = redactAny(item);
				if (r !== undefined) {
					out[k] = r;
					kept++;
				}
				continue;
			}
			if (setEntry(out, k, item, depth, stack, raw)) kept++;
		}
		return out;
	}

	function walkEntries(
		entries: readonly (readonly [string, unknown])[],
		depth: number,
		stack: object[],
		raw: boolean,
	): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		let kept = 0;
		for (const [k, item] of entries) {
			if (FORBIDDEN_KEYS.has(k)) continue;
			if (kept >= o.maxKeys) {
				out[TRUNCATED] = TRUNCATED;
				break;
			}
			if (setEntry(out, k, item, depth, stack, raw)) kept++;
		}
		return out;
	}

	/** What `setEntry` does with a key: its scrubbed form, and whether the value is dropped, kept raw, or redacted. */
	interface KeyVerdict {
		out: string;
		action: 'drop' | 'raw' | 'secret' | 'walk';
	}

	/** Verdicts on keys seen before (property keys repeat from event to event); bounded, cleared when full. */
	let keyVerdicts = new Map<string, KeyVerdict>();

	function keyVerdict(k: string): KeyVerdict {
		const cached = keyVerdicts.get(k);
		if (cached !== undefined) return cached;
		const before = hits;
		const out = key(k);
		let action: KeyVerdict['action'] = 'walk';
		if (FORBIDDEN_KEYS.has(out)) action = 'drop';
		else if (allowKeys.size > 0 && allowKeys.has(k.toLowerCase())) action = 'raw';
		else if (o.tokens && dataKeyIsSensitive(k.includes('[REDACTED') ? k.replace(MARKER_IN_KEY, ' ') : k))
			action = 'secret';
		const verdict: KeyVerdict = {out, action};
		// A key whose scrubbing reported a hit is judged again next time, so every occurrence is reported.
		if (hits === before && k.length <= 64) {
			if (keyVerdicts.size >= 1024) keyVerdicts = new Map();
			keyVerdicts.set(k, verdict);
		}
		return verdict;
	}

	function setEntry(
		out: Record<string, unknown>,
		k: string,
		item: unknown,
		depth: number,
		stack: object[],
		raw: boolean,
	): boolean {
		let value: unknown;
		let outKey = k;
		if (raw) {
			if (FORBIDDEN_KEYS.has(k)) return false;
			value = walk(item, depth + 1, stack, true);
		} else {
			const verdict = keyVerdict(k);
			outKey = verdict.out;
			switch (verdict.action) {
				case 'drop': {
					return false;
				}
				case 'raw': {
					value = walk(item, depth + 1, stack, true);
					break;
				}
				case 'secret': {
					value =
						typeof item === 'string' && hasAllowValues && allowValues.has(item)
							? item
							: typeof item === 'string' && item.includes('=') && isCookieName(k)
								? redactCookiePairs(item, dataKeyIsSensitive, markSecret)
								: redactAny(item);
					break;
				}
				default: {
					value = walk(item, depth + 1, stack, false);
				}
			}
		}
		if (value === undefined) return false;
		out[outKey] = value;
		return true;
	}

	function data(value: unknown): Record<string, unknown> {
		budget = MAX_NODES;
		try {
			if (
				typeof value === 'object' &&
				value !== null &&
				!Array.isArray(value) &&
				!(value instanceof Date) &&
				!(value instanceof Set) &&
				!ArrayBuffer.isView(value)
			) {
				const r = walk(value, -1, [], false);
				if (typeof r === 'object' && r !== null && !Array.isArray(r)) return r as Record<string, unknown>;
				return r === undefined ? {} : {value: r};
			}
			if (value === undefined || value === null) return {};
			const r = walk(value, 0, [], false);
			return r === undefined ? {} : {value: r};
		} catch {
			return {};
		}
	}

	// ---- detection --------------------------------------------------------------------------------------

	function detect(value: unknown): PiiClass[] {
		// Short plain tokens (`signup`, `/`, `pro_monthly`) can hold nothing any detector finds.
		if (typeof value === 'string' && fastPlain && isPlainShort(value, 0, value.length)) return [];
		const found: PiiClass[] = [];
		const saved = sink;
		sink = (cls) => {
			if (!found.includes(cls)) found.push(cls);
		};
		removed = noop;
		try {
			if (typeof value === 'string') {
				text(value);
				if (found.length === 0 && looksLikeUrl(value)) url(value);
			} else if (value instanceof URL) {
				url(value.href);
			} else if (typeof value === 'object' && value !== null) {
				data(value);
			} else if (
				value !== undefined &&
				value !== null &&
				typeof value !== 'symbol' &&
				typeof value !== 'function'
			) {
				data({value});
			}
		} catch {
			/* detection is best-effort and total */
		} finally {
			sink = saved;
			removed = reportRemove;
		}
		return found;
	}

	return {
		text,
		url,
		data,
		key,
		detect,
		isPii: (value) => detect(value).length > 0,
	};
}

/** `4111 1111 1111 1112`, `3782 822463 10005`: card grouping. A Luhn failure there is an order number, kept whole. */
function isCardShaped(run: string): boolean {
	return /^\d{4}(?:[ -]\d{4}){3}$|^\d{4}[ -]\d{6}[ -]\d{4,5}$/.test(run);
}

function looksLikeUrl(s: string): boolean {
	return s.length < 8192 && (s.charCodeAt(0) === 47 || /^[a-z][\w+.-]{0,30}:\/\//i.test(s)) && !/\s/.test(s);
}

/** `o[k]`, or undefined when a getter or Proxy trap throws. */
function readSafe(o: object, k: string): unknown {
	try {
		return (o as Record<string, unknown>)[k];
	} catch {
		return undefined;
	}
}

function safeString(v: unknown): string {
	try {
		return typeof v === 'symbol' ? '' : String(v);
	} catch {
		return '';
	}
}
