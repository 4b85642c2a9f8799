/**
 * URLs and paths, split by hand into scheme, authority, path, query and fragment so that nothing is normalised
 * that was not PII: each part gets the text passes plus its own rules (userinfo, IP hosts, sensitive query keys).
 */
import {isKeyChar, isLetter, isPlainShort} from './chars.js';
import {isHighEntropy, isPublicIpv4, isPublicIpv6} from './checks.js';
import {redactHomeUsers} from './home-paths.js';
import {redactMessagingPhones} from './national-phones.js';
import {isPublicSignedParam} from './presigned.js';
import {DOTTED_QUAD, LEADING_SLASHES, LONE_SURROGATE, WEBHOOK_PATH} from './patterns.js';
import type {Tally} from './reporter.js';
import type {Rules} from './rules.js';
import type {NormalizedOptions} from './options.js';
import {safeString, type TextScanner} from './text.js';
import {safeDecode} from '../url-encoding.js';

/** `encodeURIComponent`, with unpaired surrogates (which make it throw) encoded as U+FFFD. */
function encodePart(s: string): string {
	let encoded: string;
	try {
		encoded = encodeURIComponent(s);
	} catch {
		encoded = encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'));
	}
	return encoded.replaceAll('%5B', '[').replaceAll('%5D', ']').replaceAll('%40', '@').replaceAll('%3A', ':');
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
function ensureParses(out: string): string {
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

/** The URL scans of one sanitizer over its text scans; hits go to `tally`. */
export class UrlScanner {
	private readonly o: NormalizedOptions;
	private readonly rules: Rules;
	/** Copied from the rules: read on every value. */
	private readonly fastPlain: boolean;
	private readonly hasAllowValues: boolean;
	private readonly allowValues: ReadonlySet<string>;
	private readonly tally: Tally;
	private readonly text: TextScanner;

	constructor(rules: Rules, tally: Tally, text: TextScanner) {
		this.o = rules.o;
		this.rules = rules;
		this.fastPlain = rules.fastPlain;
		this.hasAllowValues = rules.hasAllowValues;
		this.allowValues = rules.allowValues;
		this.tally = tally;
		this.text = text;
	}

	private readonly markApiKey = (): string => this.tally.mark('api_key');
	private readonly markPhone = (): string => this.tally.mark('phone');
	private readonly markUser = (): string => this.tally.mark('user');

	private scrubSegment(seg: string): string {
		if (seg.length === 0 || (this.fastPlain && isPlainShort(seg, 0, seg.length))) return seg;
		if (this.hasAllowValues && this.allowValues.has(seg)) return seg;
		const decoded = seg.includes('%') ? safeDecode(seg) : seg;
		const r = this.text.scrub(decoded, false);
		if (r === decoded) {
			if (this.o.apiKeys && decoded.length >= 16 && isHighEntropy(decoded)) return this.tally.mark('api_key');
			return seg;
		}
		return decoded === seg ? r : encodePart(r);
	}

	private scrubPair(pair: string): string {
		const eq = pair.indexOf('=');
		if (eq === -1) return this.scrubSegment(pair);
		const k = pair.slice(0, eq);
		const v = pair.slice(eq + 1);
		const kDecoded = k.includes('%') ? safeDecode(k) : k;
		if (isPublicSignedParam(kDecoded)) return pair;
		const kOut = this.scrubSegment(k);
		if (
			v.length > 0 &&
			this.o.tokens &&
			this.rules.queryKeyIsSensitive(kDecoded) &&
			!this.rules.allowKeys.has(kDecoded.toLowerCase())
		) {
			const vDecoded = v.includes('%') ? safeDecode(v) : v;
			return `${kOut}=${this.hasAllowValues && this.allowValues.has(vDecoded) ? v : this.text.redactSensitiveString(vDecoded, true)}`;
		}
		const vOut = this.scrubSegment(v);
		return kOut === k && vOut === v ? pair : `${kOut}=${vOut}`;
	}

	/** Scrubs each `&`-separated pair; builds a new string only from the first pair that changed. */
	private scrubPairs(q: string): string {
		let out = '';
		let last = 0;
		let start = 0;
		for (;;) {
			const amp = q.indexOf('&', start);
			const end = amp === -1 ? q.length : amp;
			if (end > start) {
				const pair = q.slice(start, end);
				const r = this.scrubPair(pair);
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
	private scrubPath(p: string): string {
		let out = '';
		let last = 0;
		let start = 0;
		for (;;) {
			const slash = p.indexOf('/', start);
			const end = slash === -1 ? p.length : slash;
			if (end > start && !(this.fastPlain && isPlainShort(p, start, end))) {
				const seg = p.slice(start, end);
				const r = this.scrubSegment(seg);
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

	private scrubHost(authority: string): string {
		let host = authority;
		let userinfo = '';
		const at = host.lastIndexOf('@');
		if (at !== -1) {
			userinfo = this.o.tokens ? `${this.tally.mark('secret')}@` : host.slice(0, at + 1);
			host = host.slice(at + 1);
		}
		if (this.o.ips) {
			const colon = host.lastIndexOf(':');
			const name = colon !== -1 && !host.startsWith('[') ? host.slice(0, colon) : host;
			if (DOTTED_QUAD.test(name) && isPublicIpv4(name)) {
				this.tally.hit('ip');
				host = `REDACTED_IP${host.slice(name.length)}`;
			} else if (host.startsWith('[')) {
				const close = host.indexOf(']');
				if (close !== -1 && isPublicIpv6(host.slice(1, close))) {
					this.tally.hit('ip');
					host = `REDACTED_IP${host.slice(close + 1)}`;
				}
			}
		}
		return userinfo + host;
	}

	/** Scrubs every part of a URL; `verify` makes sure the result parses. */
	scrubUrl(input: string, verify: boolean): string {
		let s = input;
		if (this.o.apiKeys && s.includes('hooks') && (s.includes('hooks.slack.com/') || s.includes('/webhooks/')))
			s = s.replace(WEBHOOK_PATH, this.markApiKey);
		if (this.o.phones && s.includes('.me/')) s = redactMessagingPhones(s, this.markPhone);
		let prefix = '';
		let rest = s;
		const schemeEnd = schemeLength(s, 0, 32);
		if (schemeEnd > 0) {
			prefix = s.slice(0, schemeEnd);
			rest = s.slice(schemeEnd);
			if (this.o.homePaths && schemeEnd === 5 && prefix.toLowerCase() === 'file:')
				rest = redactHomeUsers(rest, this.markUser);
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
			prefix += `//${this.scrubHost(rest.slice(2, end))}`;
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
		let out = prefix + this.scrubPath(rest);
		if (query !== undefined) out += `?${this.scrubPairs(query)}`;
		if (hash !== -1) {
			out += `#${fragment.includes('=') ? this.scrubPairs(fragment) : this.scrubPath(fragment)}`;
		}
		return verify ? ensureParses(out) : out;
	}

	/** `Sanitizer.url`. */
	readonly url = (s: string): string => {
		if (typeof s !== 'string') s = safeString(s);
		if (this.hasAllowValues && this.allowValues.has(s)) return s;
		const capped = s.length > this.o.maxStringLength ? this.text.cut(s) : s;
		return this.scrubUrl(capped, true);
	};
}
