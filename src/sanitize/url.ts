/**
 * URLs and paths, split by hand into scheme, authority, path, query and fragment so that nothing is normalised
 * that was not PII: each part gets the text passes plus its own rules (userinfo, IP hosts, sensitive query keys).
 * The parts are found by position in one string and judged in place: a segment or parameter that cannot hold PII
 * is not sliced, decoded or copied, and a URL where nothing changed is returned as it came.
 */
import {isPlainShort} from './chars.js';
import {isHighEntropy, isPublicIpv4, isPublicIpv6} from './checks.js';
import {redactHomeUsers} from './home-paths.js';
import {MARKER_CLASS} from './markers.js';
import {redactMessagingPhones} from './national-phones.js';
import {isPublicSignedParam} from './presigned.js';
import {DOTTED_QUAD, WEBHOOK_PATH} from './patterns.js';
import type {Tally} from './reporter.js';
import type {Rules} from './rules.js';
import type {NormalizedOptions} from './options.js';
import {safeString, type TextScanner} from './text.js';
import {isPlainUrlWord} from './url-candidates.js';
import {encodePart, ensureParses, schemeLength} from './url-parses.js';
import {safeDecode} from '../url-encoding.js';

/** Where the authority ends (at `/ ? # \` or the end), searching from `from`. */
function authorityEnd(s: string, from: number): number {
	for (let i = from; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 47 || c === 63 || c === 35 || c === 92) return i;
	}
	return s.length;
}

/** The first `c` in `s` from `from` to `to`, or -1. */
function indexIn(s: string, c: number, from: number, to: number): number {
	for (let i = from; i < to; i++) if (s.charCodeAt(i) === c) return i;
	return -1;
}

/** A `hooks` in the URL: it may be a webhook whose path is the credential. */
const H_HOOKS = 1;
/** A `.me/`: it may be a messaging link (`wa.me/…`, `t.me/+…`) whose path is a phone number. */
const H_MESSAGING = 2;

/**
 * What one pass over a URL found: where its query and fragment start (-1: none) and the `H_*` hints of the
 * families that are judged on the whole URL. Reused by every scan; read into locals right after `scanUrl`.
 */
class UrlShape {
	query = -1;
	hash = -1;
	hints = 0;
}

const shape = new UrlShape();

/** One char-code pass over `s`: the first `#`, the first `?` before it, and the whole-URL hints. */
function scanUrl(s: string, out: UrlShape): void {
	let query = -1;
	let hash = -1;
	let hints = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 35) {
			if (hash === -1) hash = i;
		} else if (c === 63) {
			if (query === -1 && hash === -1) query = i;
		} else if (c === 104) {
			if (
				s.charCodeAt(i + 1) === 111 &&
				s.charCodeAt(i + 2) === 111 &&
				s.charCodeAt(i + 3) === 107 &&
				s.charCodeAt(i + 4) === 115
			)
				hints |= H_HOOKS;
		} else if (c === 46) {
			if (s.charCodeAt(i + 1) === 109 && s.charCodeAt(i + 2) === 101 && s.charCodeAt(i + 3) === 47)
				hints |= H_MESSAGING;
		}
	}
	out.query = query;
	out.hash = hash;
	out.hints = hints;
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

	/** True when the text passes cannot change `s` from `from` to `to` (with no custom pattern). */
	private isPlain(s: string, from: number, to: number): boolean {
		return this.fastPlain && (isPlainShort(s, from, to) || isPlainUrlWord(s, from, to));
	}

	/** A segment, key or value that is not plain (see `isPlain`) scrubbed; percent-decoded only if it holds `%`. */
	private scrubSegment(seg: string): string {
		if (this.hasAllowValues && this.allowValues.has(seg)) return seg;
		// One of our own markers (a home path's user, a messaging link's phone): nothing left to find.
		if (this.fastPlain && seg.charCodeAt(0) === 91 && MARKER_CLASS[seg] !== undefined) return seg;
		const decoded = seg.includes('%') ? safeDecode(seg) : seg;
		const r = this.text.scrub(decoded, false);
		if (r === decoded) {
			if (this.o.apiKeys && decoded.length >= 16 && isHighEntropy(decoded)) return this.tally.mark('api_key');
			return seg;
		}
		return decoded === seg ? r : encodePart(r);
	}

	/** The segment of `s` from `from` to `to` scrubbed, or undefined when it stays as written. */
	private scrubSegmentAt(s: string, from: number, to: number): string | undefined {
		if (to === from || this.isPlain(s, from, to)) return undefined;
		const seg = s.slice(from, to);
		const r = this.scrubSegment(seg);
		return r === seg ? undefined : r;
	}

	/** The `key=value` pair of `s` from `from` to `to` scrubbed, or undefined when it stays as written. */
	private scrubPair(s: string, from: number, to: number): string | undefined {
		const eq = indexIn(s, 61, from, to);
		if (eq === -1) return this.scrubSegmentAt(s, from, to);
		const k = s.slice(from, eq);
		const kDecoded = k.includes('%') ? safeDecode(k) : k;
		if (isPublicSignedParam(kDecoded)) return undefined;
		const kOut = this.scrubSegmentAt(s, from, eq);
		if (
			to > eq + 1 &&
			this.o.tokens &&
			this.rules.queryKeyIsSensitive(kDecoded) &&
			!this.rules.allowKeys.has(kDecoded.toLowerCase())
		) {
			const v = s.slice(eq + 1, to);
			const vDecoded = v.includes('%') ? safeDecode(v) : v;
			const vOut =
				this.hasAllowValues && this.allowValues.has(vDecoded)
					? v
					: this.text.redactSensitiveString(vDecoded, true);
			return `${kOut ?? k}=${vOut}`;
		}
		const vOut = this.scrubSegmentAt(s, eq + 1, to);
		if (kOut === undefined && vOut === undefined) return undefined;
		return `${kOut ?? k}=${vOut ?? s.slice(eq + 1, to)}`;
	}

	/**
	 * The `&`-separated pairs (`pairs`) or `/`-separated segments of `s` from `from` to `to` scrubbed, or undefined
	 * when every one stays as written (then nothing was allocated for a part made of plain words).
	 */
	private scrubParts(s: string, from: number, to: number, pairs: boolean): string | undefined {
		const sep = pairs ? 38 : 47;
		let out = '';
		let last = from;
		let start = from;
		while (start <= to) {
			let end = indexIn(s, sep, start, to);
			if (end === -1) end = to;
			if (end > start) {
				const r = pairs ? this.scrubPair(s, start, end) : this.scrubSegmentAt(s, start, end);
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
		const authority = s.slice(from, to);
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
		const out = userinfo + host;
		return out === authority ? undefined : out;
	}

	/** The families judged on the whole URL: webhook credentials and messaging-link phones. */
	private scrubWhole(s: string, hints: number): string {
		let out = s;
		if (
			(hints & H_HOOKS) !== 0 &&
			this.o.apiKeys &&
			(out.includes('hooks.slack.com/') || out.includes('/webhooks/'))
		)
			out = out.replace(WEBHOOK_PATH, this.markApiKey);
		if ((hints & H_MESSAGING) !== 0 && this.o.phones) out = redactMessagingPhones(out, this.markPhone);
		return out;
	}

	/** Scrubs every part of a URL; `verify` makes sure the result parses. */
	scrubUrl(input: string, verify: boolean): string {
		let s = input;
		scanUrl(s, shape);
		if (shape.hints !== 0) {
			const whole = this.scrubWhole(s, shape.hints);
			if (whole !== s) scanUrl((s = whole), shape);
		}
		const schemeEnd = schemeLength(s, 0, 32);
		if (
			this.o.homePaths &&
			schemeEnd === 5 &&
			(s.charCodeAt(0) | 32) === 102 &&
			s.slice(0, 5).toLowerCase() === 'file:'
		) {
			const rest = s.slice(5);
			const home = redactHomeUsers(rest, this.markUser);
			if (home !== rest) scanUrl((s = `${s.slice(0, 5)}${home}`), shape);
		}
		const n = s.length;
		const {query, hash} = shape;
		const pathEnd = query !== -1 ? query : hash !== -1 ? hash : n;
		let pathFrom = schemeEnd;
		let host: string | undefined;
		if (s.charCodeAt(schemeEnd) === 47 && s.charCodeAt(schemeEnd + 1) === 47) {
			pathFrom = Math.min(authorityEnd(s, schemeEnd + 2), pathEnd);
			host = this.scrubHost(s, schemeEnd + 2, pathFrom);
		}
		const path = this.scrubParts(s, pathFrom, pathEnd, false);
		const queryEnd = hash !== -1 ? hash : n;
		const q = query !== -1 ? this.scrubParts(s, query + 1, queryEnd, true) : undefined;
		const fragment =
			hash !== -1 ? this.scrubParts(s, hash + 1, n, indexIn(s, 61, hash + 1, n) !== -1) : undefined;
		let out = s;
		if (host !== undefined || path !== undefined || q !== undefined || fragment !== undefined) {
			out = host === undefined ? s.slice(0, pathFrom) : `${s.slice(0, schemeEnd + 2)}${host}`;
			out += path ?? s.slice(pathFrom, pathEnd);
			if (query !== -1) out += `?${q ?? s.slice(query + 1, queryEnd)}`;
			if (hash !== -1) out += `#${fragment ?? s.slice(hash + 1)}`;
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
