/**
 * The sanitizer factory. `createSanitizer` compiles everything once (options, key judges, enabled passes);
 * the returned methods only scan. Nothing here throws on any input.
 *
 * The scans live one concept per file: `text.ts` (free text, over `scan.ts` and `numbers.ts`), `url.ts`,
 * `walk.ts` (objects). They are compiled once per {@link Reporter}: for the user's callbacks, for `detect`, and
 * silent (to ask whether a whole value is one item).
 */
import {FORBIDDEN_KEYS} from '../object-keys.js';
import {isPlainShort} from './chars.js';
import {normalizeOptions, type PiiClass, type SanitizerOptions} from './options.js';
import {URL_SCHEME_START, WHITESPACE} from './patterns.js';
import {CallbackReporter, ClassCollector, SILENT, Tally, type Reporter} from './reporter.js';
import {compileRules, type Rules} from './rules.js';
import {TextScanner} from './text.js';
import {UrlScanner} from './url.js';
import {createWalker, type ScanSet} from './walk.js';

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
	return compile(compileRules(o));
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

/**
 * Compiles the text and URL scans for `reporter`; `silent` is the text scans that report nothing (omitted:
 * these are).
 */
function compileScans(rules: Rules, reporter: Reporter, silent?: TextScanner): ScanSet {
	const tally = new Tally(reporter);
	// Text and URLs call each other (URLs inside text, text rules inside URL parts); `urls` exists before any scan.
	const scrubUrl = (url: string, verify: boolean): string => urls.scrubUrl(url, verify);
	const text = new TextScanner(rules, tally, scrubUrl, silent);
	const urls = new UrlScanner(rules, tally, text);
	return {text, urls, tally};
}

function compile(rules: Rules): Sanitizer {
	const silent = compileScans(rules, SILENT).text;
	const main = compileScans(rules, new CallbackReporter(rules.o), silent);
	const collector = new ClassCollector();
	const probe = compileScans(rules, collector, silent);
	const walker = createWalker(rules);
	const fastPlain = rules.fastPlain;

	function detect(value: unknown): PiiClass[] {
		// Short plain tokens (`signup`, `/`, `pro_monthly`) can hold nothing any detector finds.
		if (typeof value === 'string' && fastPlain && isPlainShort(value, 0, value.length)) return [];
		const found: PiiClass[] = [];
		collector.found = found;
		try {
			if (typeof value === 'string') {
				probe.text.text(value);
				if (found.length === 0 && looksLikeUrl(value)) probe.urls.url(value);
			} else if (value instanceof URL) {
				probe.urls.url(value.href);
			} else if (typeof value === 'object' && value !== null) {
				walker.data(value, probe);
			} else if (
				value !== undefined &&
				value !== null &&
				typeof value !== 'symbol' &&
				typeof value !== 'function'
			) {
				walker.data({value}, probe);
			}
		} catch {
			/* detection is best-effort and total */
		}
		return found;
	}

	return {
		text: main.text.text,
		url: main.urls.url,
		data: (value) => walker.data(value, main),
		key: (k) => walker.key(k, main),
		detect,
		isPii: (value) => detect(value).length > 0,
	};
}

function looksLikeUrl(s: string): boolean {
	return s.length < 8192 && (s.charCodeAt(0) === 47 || URL_SCHEME_START.test(s)) && !WHITESPACE.test(s);
}
