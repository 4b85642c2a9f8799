/**
 * URLs and paths, split by hand into scheme, authority, path, query and fragment so that nothing is normalised
 * that was not PII: each part gets the text passes plus its own rules (userinfo, IP hosts, sensitive query keys).
 * The parts are found by position in one string and judged in place: a segment or parameter that cannot hold PII
 * is not sliced, decoded or copied, and a URL where nothing changed is returned as it came.
 */
import {isPlainShort} from './chars.js';
import {isHighEntropy, isPublicIpv4, isPublicIpv6} from './checks.js';
import {mayHoldHomeDir, redactHomeUsers} from './home-paths.js';
import {encodeFormPart, readPlusAsSpace} from './form-queries.js';
import {createInertTest, INERT, NOT_PROVEN, type Inertness} from './inert.js';
import {isMarker, MARKER_CLASS} from './markers.js';
import {redactMessagingPhones} from './national-phones.js';
import {createNumberScanner, type NumberReplacer} from './numbers.js';
import {isPhoneKey, isPhoneShaped} from './phone-keys.js';
import {isPublicSignedParam} from './presigned.js';
import {DOTTED_QUAD, WEBHOOK_PATH} from './patterns.js';
import {SILENT, Tally} from './reporter.js';
import type {Rules} from './rules.js';
import type {NormalizedOptions} from './options.js';
import {safeString, type TextScanner} from './text.js';
import {isBareNumber, isPlainUrlWord} from './url-candidates.js';
import {encodePart, ensureParses, schemeLength} from './url-parses.js';
import {safeDecode} from '../url-encoding.js';

/**
 * The longest string worth the inertness proof: from 32 characters on it fails on most URL parts (a token run of
 * 32+ is left to the scan), after reading the whole string.
 */
const INERT_MAX = 32;

/** Where the authority ends (at `/ ? # \` or the end), searching from `from`. */
function authorityEnd(s: string, from: number): number {
	for (let i = from; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 47 || c === 63 || c === 35 || c === 92) return i;
	}
	return s.length;
}

/** One of our built-in markers, or a `+` before one (`t.me/+[REDACTED_PHONE]`): the text scan finds nothing in it. */
function isOwnMarker(seg: string): boolean {
	const c = seg.charCodeAt(0);
	if (c === 91) return MARKER_CLASS[seg] !== undefined;
	return c === 43 && seg.charCodeAt(1) === 91 && MARKER_CLASS[seg.slice(1)] !== undefined;
}

/** The first `c` in `s` from `from` to `to`, or -1. */
function indexIn(s: string, c: string, from: number, to: number): number {
	const i = s.indexOf(c, from);
	return i < to ? i : -1;
}

/**
 * Where the query and the fragment of `s` start (-1: none): the first `#`, and the first `?` before it. Native
 * searches: on strings this short they beat a char-code loop.
 */
function queryAndFragment(s: string): [query: number, hash: number] {
	const hash = s.indexOf('#');
	const query = s.indexOf('?');
	return [hash !== -1 && query > hash ? -1 : query, hash];
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
	/** The number pass of the text scans, for a segment that is one bare number (`isBareNumber`). */
	private readonly onNumber: NumberReplacer | undefined;
	/** The same pass reporting nothing, to ask whether a sensitive value is one number item as a whole. */
	private readonly silentNumber: NumberReplacer | undefined;
	/** The proof that the text scan keeps a string (`inert.ts`); never given with custom patterns. */
	private readonly inert: (s: string) => Inertness;

	constructor(rules: Rules, tally: Tally, text: TextScanner) {
		this.o = rules.o;
		this.rules = rules;
		this.fastPlain = rules.fastPlain;
		this.hasAllowValues = rules.hasAllowValues;
		this.allowValues = rules.allowValues;
		this.tally = tally;
		this.text = text;
		this.onNumber = rules.numbers ? createNumberScanner(rules, tally) : undefined;
		this.silentNumber = rules.numbers ? createNumberScanner(rules, new Tally(SILENT)) : undefined;
		this.inert = rules.fastPlain ? createInertTest(rules) : (): Inertness => NOT_PROVEN;
	}

	private readonly markApiKey = (): string => this.tally.mark('api_key');
	private readonly markPhone = (): string => this.tally.mark('phone');
	private readonly markUser = (): string => this.tally.mark('user');

	/** True when the text passes cannot change `s` from `from` to `to` (with no custom pattern). */
	private isPlain(s: string, from: number, to: number): boolean {
		return this.fastPlain && (isPlainShort(s, from, to) || isPlainUrlWord(s, from, to));
	}

	/**
	 * A segment, key or value that is not plain (see `isPlain`) scrubbed; percent-decoded only if it holds `%`, and
	 * with `form` (a query's key or value) each `+` read as a space first (`readPlusAsSpace`).
	 */
	private scrubSegment(seg: string, form: boolean): string {
		if (this.hasAllowValues && this.allowValues.has(seg)) return seg;
		// One of our own markers (a home path's user, a messaging link's phone): nothing left to find.
		if (this.fastPlain && isOwnMarker(seg)) return seg;
		// A phone number in a messaging link or an id (`tel:+4930…`, `/orders/317966708528`): the number pass alone.
		if (this.fastPlain && isBareNumber(seg))
			return this.onNumber === undefined ? seg : this.onNumber(seg, 0, seg);
		const spaced = form && seg.includes('+') ? readPlusAsSpace(seg) : seg;
		const decoded = spaced.includes('%') ? safeDecode(spaced) : spaced;
		// A file name or slug the text scan provably keeps (`index.html`, `report-2024.pdf`): only the token check.
		const inert = decoded.length < INERT_MAX ? this.inert(decoded) : NOT_PROVEN;
		if (inert !== NOT_PROVEN) {
			if (inert === INERT || !this.o.apiKeys || decoded.length < 16 || !isHighEntropy(decoded)) return seg;
			return this.tally.mark('api_key');
		}
		const r = this.text.scrub(decoded, false);
		if (r === decoded) {
			if (this.o.apiKeys && decoded.length >= 16 && isHighEntropy(decoded)) return this.tally.mark('api_key');
			return seg;
		}
		return decoded === seg ? r : spaced === seg ? encodePart(r) : encodeFormPart(r);
	}

	/**
	 * What `redactSensitiveString` makes of a bare number (`phone=4930123456`) under a sensitive key, without the
	 * whole text scan: its own marker when the number pass takes it whole, else `[REDACTED]` (a number is never
	 * high-entropy, so never an API key).
	 */
	private redactSensitiveNumber(v: string): string {
		const whole = this.silentNumber === undefined ? v : this.silentNumber(v, 0, v);
		const cls = MARKER_CLASS[whole];
		if (cls === undefined) return this.tally.mark('secret');
		this.tally.hit(cls);
		return whole;
	}

	/**
	 * What `redactSensitiveString` makes of a value the text scan provably keeps (`isPlain` or `inert`: so it is
	 * no item as a whole) under a sensitive key, without the scan: an API key when high-entropy, else a secret.
	 */
	private redactKeptSensitive(v: string): string {
		return this.o.apiKeys && isHighEntropy(v) ? this.tally.mark('api_key') : this.tally.mark('secret');
	}

	/** The segment of `s` from `from` to `to` scrubbed (`form`: see `scrubSegment`), or undefined when it stays as written. */
	private scrubSegmentAt(s: string, from: number, to: number, form: boolean): string | undefined {
		if (to === from || this.isPlain(s, from, to)) return undefined;
		const seg = s.slice(from, to);
		const r = this.scrubSegment(seg, form);
		return r === seg ? undefined : r;
	}

	/**
	 * The `key=value` pair of `s` from `from` to `to` scrubbed, or undefined when it stays as written; `eq` is its
	 * first `=` (or -1); `form`: a query's pair, read with `+` as a space.
	 */
	private scrubPair(s: string, from: number, eq: number, to: number, form: boolean): string | undefined {
		if (eq === -1) return this.scrubSegmentAt(s, from, to, form);
		const k = s.slice(from, eq);
		const kDecoded = this.decodePart(k, form);
		if (isPublicSignedParam(kDecoded)) return undefined;
		const kOut = this.scrubSegmentAt(s, from, eq, form);
		if (
			to > eq + 1 &&
			this.o.tokens &&
			this.rules.queryKeyIsSensitive(kDecoded) &&
			!this.rules.allowKeys.has(kDecoded.toLowerCase())
		) {
			const v = s.slice(eq + 1, to);
			const vDecoded = this.decodePart(v, form);
			const vOut =
				this.hasAllowValues && (this.allowValues.has(vDecoded) || this.allowValues.has(v))
					? v
					: this.fastPlain && isBareNumber(vDecoded)
						? this.redactSensitiveNumber(vDecoded)
						: this.isPlain(vDecoded, 0, vDecoded.length) ||
							  (vDecoded.length < INERT_MAX && this.inert(vDecoded) !== NOT_PROVEN)
							? this.redactKeptSensitive(vDecoded)
							: this.text.redactSensitiveString(vDecoded, true);
			return `${kOut ?? k}=${vOut}`;
		}
		// `?telefon=4155552671`: a phone-like key makes a phone-shaped value a phone.
		if (this.o.phones && to > eq + 7 && isPhoneKey(kDecoded)) {
			const vDecoded = this.decodePart(s.slice(eq + 1, to), form);
			if (isPhoneShaped(vDecoded) && !(this.hasAllowValues && this.allowValues.has(vDecoded)))
				return `${kOut ?? k}=${this.tally.mark('phone')}`;
		}
		const vOut = this.scrubSegmentAt(s, eq + 1, to, form);
		if (kOut === undefined && vOut === undefined) return undefined;
		return `${kOut ?? k}=${vOut ?? s.slice(eq + 1, to)}`;
	}

	/** A query key or value (`form`: `+` read as a space) or a fragment pair's part, percent-decoded, to judge. */
	private decodePart(part: string, form: boolean): string {
		const spaced = form && part.includes('+') ? readPlusAsSpace(part) : part;
		return spaced.includes('%') ? safeDecode(spaced) : spaced;
	}

	/**
	 * The `&`-separated pairs (`pairs`; `form`: a query's, see `scrubPair`) or `/`-separated segments of `s` from
	 * `from` to `to` scrubbed, or undefined when every one stays as written (then nothing was allocated for a part
	 * made of plain words).
	 */
	private scrubParts(s: string, from: number, to: number, pairs: boolean, form = false): string | undefined {
		const sep = pairs ? '&' : '/';
		let out = '';
		let last = from;
		let start = from;
		// The next `=` from `start`, searched again only once passed, so a query of many pairs without one stays linear.
		let eq = pairs ? s.indexOf('=', from) : -1;
		while (start <= to) {
			let end = indexIn(s, sep, start, to);
			if (end === -1) end = to;
			if (eq !== -1 && eq < start) eq = s.indexOf('=', start);
			if (end > start) {
				const r = pairs
					? this.scrubPair(s, start, eq !== -1 && eq < end ? eq : -1, end, form)
					: this.scrubSegmentAt(s, start, end, false);
				if (r !== undefined) {
					out += s.slice(last, start) + r;
					last = end;
				}
			}
			start = end + 1;
		}
		return last === from ? undefined : out + s.slice(last, to);
	}

	/** The authority of `s` from `from` to `to` scrubbed (userinfo, public IP host), or undefined when kept. */
	private scrubHost(s: string, from: number, to: number): string | undefined {
		// No userinfo and a host that starts with neither a digit nor `[`: no IP to find (`DOTTED_QUAD` starts with one).
		const c = s.charCodeAt(from);
		if (indexIn(s, '@', from, to) === -1 && !(c >= 48 && c <= 57) && c !== 91) return undefined;
		const authority = s.slice(from, to);
		let host = authority;
		let userinfo = '';
		const at = host.lastIndexOf('@');
		if (at !== -1) {
			// A userinfo that is already a marker is our own output scrubbed again (the last gate, `detect`):
			// counting it would drop every event whose URL had one.
			const kept = !this.o.tokens || isMarker(host.slice(0, at));
			userinfo = kept ? host.slice(0, at + 1) : `${this.tally.mark('secret')}@`;
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
		const out = userinfo + host;
		return out === authority ? undefined : out;
	}

	/** The families judged on the whole URL: webhook credentials and messaging-link phones. */
	private scrubWhole(s: string): string {
		let out = s;
		if (
			this.o.apiKeys &&
			out.includes('hooks') &&
			(out.includes('hooks.slack.com/') || out.includes('/webhooks/'))
		)
			out = out.replace(WEBHOOK_PATH, this.markApiKey);
		if (this.o.phones && out.includes('.me/')) out = redactMessagingPhones(out, this.markPhone);
		return out;
	}

	/** Scrubs every part of a URL; `verify` makes sure the result parses. */
	scrubUrl(input: string, verify: boolean): string {
		let s = this.scrubWhole(input);
		const schemeEnd = schemeLength(s, 0, 32);
		if (
			this.o.homePaths &&
			schemeEnd === 5 &&
			(s.charCodeAt(0) | 32) === 102 &&
			s.slice(0, 5).toLowerCase() === 'file:'
		) {
			const rest = s.slice(5);
			const home = redactHomeUsers(rest, this.markUser);
			if (home !== rest) s = `${s.slice(0, 5)}${home}`;
		}
		const n = s.length;
		const [query, hash] = queryAndFragment(s);
		const pathEnd = query !== -1 ? query : hash !== -1 ? hash : n;
		let pathFrom = schemeEnd;
		let host: string | undefined;
		if (s.charCodeAt(schemeEnd) === 47 && s.charCodeAt(schemeEnd + 1) === 47) {
			pathFrom = Math.min(authorityEnd(s, schemeEnd + 2), pathEnd);
			host = this.scrubHost(s, schemeEnd + 2, pathFrom);
		}
		let path = this.scrubParts(s, pathFrom, pathEnd, false);
		if (this.o.homePaths && pathFrom === 0 && pathEnd > 6)
			path = this.scrubHomePath(path ?? s.slice(pathFrom, pathEnd)) ?? path;
		const queryEnd = hash !== -1 ? hash : n;
		const q = query !== -1 ? this.scrubParts(s, query + 1, queryEnd, true, true) : undefined;
		const fragment = hash !== -1 ? this.scrubParts(s, hash + 1, n, s.includes('=', hash + 1)) : undefined;
		let out = s;
		if (host !== undefined || path !== undefined || q !== undefined || fragment !== undefined) {
			out = host === undefined ? s.slice(0, pathFrom) : `${s.slice(0, schemeEnd + 2)}${host}`;
			out += path ?? s.slice(pathFrom, pathEnd);
			if (query !== -1) out += `?${q ?? s.slice(query + 1, queryEnd)}`;
			if (hash !== -1) out += `#${fragment ?? s.slice(hash + 1)}`;
		}
		return verify ? ensureParses(out) : out;
	}

	/**
	 * The user name of a home directory that starts a bare path (`/home/<name>/`, `/Users/<name>/`: a page path
	 * with no scheme or host), as text reads it: such a path must not carry the name, and the final PII gate,
	 * which reads URLs as text too, would otherwise drop the whole event. A path after a host is a web route
	 * (`https://example.com/home/about/team`) and is kept, as in text. Undefined when nothing changed.
	 */
	private scrubHomePath(path: string): string | undefined {
		if (path.charCodeAt(0) !== 47 || !mayHoldHomeDir(path)) return undefined;
		const out = redactHomeUsers(path, this.markUser);
		return out === path ? undefined : out;
	}

	/** `Sanitizer.url`. */
	readonly url = (s: string): string => {
		if (typeof s !== 'string') s = safeString(s);
		if (this.hasAllowValues && this.allowValues.has(s)) return s;
		const capped = s.length > this.o.maxStringLength ? this.text.cut(s) : s;
		return this.scrubUrl(capped, true);
	};
}
