/**
 * Free-text scanning: the passes over one string, in an order where earlier, more specific detectors protect
 * later ones, each gated by the facts of the one char-code scan (`scan.ts`).
 */
import {isDigitLike, isHardSeparator, isLetter} from './chars.js';
import {mayHoldCardCode, redactCardCodes} from './card-codes.js';
import {isCredentialEnvName, redactCommandLineSecrets} from './cli-credentials.js';
import {mayHoldIntlKeyValue, redactIntlKeyValues} from './intl-key-values.js';
import {redactCloudSecrets} from './cloud-keys.js';
import {isCookieName, redactCookieHeaders} from './cookies.js';
import {redactEmailForms, redactSpelledEmails} from './email-forms.js';
import {foldLookalikes} from './fold.js';
import {SHORTEST_IBAN, startsIbanAt} from './iban-countries.js';
import {scrubQueriesApart} from './form-queries.js';
import {mayHoldHomeDir, redactHomeUsers} from './home-paths.js';
import {mayHoldNationalId, redactCheckedIds, redactNationalIds} from './national-ids.js';
import {mayHoldShortInternational, redactMessagingPhones, redactSlashPhones} from './national-phones.js';
import {redactPemBodies} from './pem.js';
import {redactQuotedAfterKeys} from './quoted-values.js';
import {isPublicSignedParam} from './presigned.js';
import {
	TOKEN_MIN_LENGTH,
	isHighEntropy,
	isPublicIpv4,
	isPublicIpv6,
	isValidIban,
	writtenIbanEnd,
	looksLikeCredential,
} from './checks.js';
import {emailFloor, mayHoldMac, nextEmailHint, replaceApiKeys} from './hints.js';
import {phraseAt, replaceKeyValues, type ValueEnd} from './key-values.js';
import {MARKER_CLASS, isMarker, startsWithMarker} from './markers.js';
import {createNumberScanner, replaceNumberRuns, type NumberReplacer} from './numbers.js';
import {MARKERS, TRUNCATED} from './options.js';
import {
	API_KEY_NAME,
	AUTH_SCHEME,
	AUTH_SCHEME_WORD,
	DENSITY_ASSET_DOMAIN,
	EMAIL,
	HEX,
	IBAN,
	IBAN_WRITTEN,
	IPV4,
	IPV6,
	JWT,
	MAC,
	NOT_PROSE,
	PEM_BEGIN,
	SIGNED_SESSION,
	URL_IN_TEXT,
	URL_USERINFO,
	UUID,
	VERSION_BEFORE,
	WEBHOOK_PATH,
} from './patterns.js';
import {replaceAnchored, replaceBetween} from './replace.js';
import type {Tally} from './reporter.js';
import type {Rules} from './rules.js';
import type {NormalizedOptions} from './options.js';
import {HexFacts, TextFacts, scanHexRuns, scanText} from './scan.js';
import {mayRunOn, valueRunsTo} from './value-words.js';

/** {@link AUTH_SCHEME_WORD}, tested only on values of its words' lengths (5 or 6). */
function isAuthSchemeWord(value: string): boolean {
	return (value.length === 5 || value.length === 6) && AUTH_SCHEME_WORD.test(value);
}

/** Scrubs a URL found in text (`verify`: make sure the result parses). */
export type UrlScrubber = (url: string, verify: boolean) => string;

/** Reused by every scan: `scrub` copies the facts into locals before any pass can scrub again. */
const facts = new TextFacts();
/** Reused likewise: read right after each {@link scanHexRuns}. */
const hexFacts = new HexFacts();

/** `String(v)` that never throws; a symbol becomes `''`. */
export function safeString(v: unknown): string {
	try {
		return typeof v === 'symbol' ? '' : String(v);
	} catch {
		return '';
	}
}

/**
 * The text scans of one sanitizer. Hits go to `tally`; `scrubUrl` handles URLs inside text; `silent` is the same
 * scans compiled with a reporter that reports nothing (omitted: this one is silent).
 */
export class TextScanner {
	private readonly o: NormalizedOptions;
	private readonly rules: Rules;
	/** Copied from the rules: read on every value. */
	private readonly hasAllowValues: boolean;
	private readonly allowValues: ReadonlySet<string>;
	private readonly tally: Tally;
	private readonly scrubUrl: UrlScrubber;
	private readonly silent: TextScanner | undefined;
	private readonly onNumber: NumberReplacer;
	private readonly custom: readonly {regex: RegExp; replace: (m: string) => string}[];

	constructor(rules: Rules, tally: Tally, scrubUrl: UrlScrubber, silent?: TextScanner) {
		this.o = rules.o;
		this.rules = rules;
		this.hasAllowValues = rules.hasAllowValues;
		this.allowValues = rules.allowValues;
		this.tally = tally;
		this.scrubUrl = scrubUrl;
		this.silent = silent;
		this.onNumber = createNumberScanner(rules, tally);
		this.custom = rules.o.patterns.map((p) => ({
			regex: p.regex,
			replace: (m: string): string => {
				if (m.length === 0) return m;
				this.tally.hit('custom');
				return p.marker;
			},
		}));
	}

	/** The marker when `value` is, as a whole, one PII item; else undefined. Does not report hits. */
	private wholeMarker(value: string): string | undefined {
		const r = this.silent === undefined ? this.scrub(value, false) : this.silent.scrub(value, false);
		return r !== value && isMarker(r) ? r : undefined;
	}

	/** The replacement for a value known to be sensitive (its key says so): its own marker if it is one item. */
	redactSensitiveString(value: string, apiKeyContext: boolean): string {
		if (value.length === 0 || startsWithMarker(value)) return value;
		const whole = this.wholeMarker(value);
		if (whole !== undefined) {
			this.tally.hit(MARKER_CLASS[whole] ?? 'custom');
			return whole;
		}
		if (apiKeyContext && this.o.apiKeys && isHighEntropy(value)) return this.tally.mark('api_key');
		return this.tally.mark('secret');
	}

	private onKeyValue(
		m: string,
		key: string,
		sep: string,
		dq: string | undefined,
		sq: string | undefined,
		bare: string | undefined,
		to: ValueEnd,
		whole: string,
		start: number,
	): string {
		const value = dq ?? sq ?? bare ?? '';
		if (startsWithMarker(value) || isAuthSchemeWord(value) || value.startsWith('//')) return m;
		const sensitive =
			this.o.tokens &&
			!this.rules.allowKeys.has(key.toLowerCase()) &&
			(this.rules.dataKeyIsSensitive(key) ||
				isCredentialEnvName(key) ||
				this.phraseIsSensitive(phraseAt(whole, start, start + key.length)));
		const wordSep = !sep.includes(':') && !sep.includes('=') ? true : sep.includes('>');
		let replacement: string | undefined;
		// A `Cookie:` header's pairs were judged one by one before (redactCookieHeaders).
		if (sensitive && dq === undefined && sq === undefined && sep.includes(':') && isCookieName(key)) return m;
		if (sensitive) {
			// Prose forms (`password is X`) need a value that is not a plain word.
			if (wordSep && !NOT_PROSE().test(value)) return m;
			if (this.hasAllowValues && this.allowValues.has(value)) return m;
			replacement = this.redactSensitiveString(value, API_KEY_NAME.test(key));
			// `password: correct horse battery staple`: a secret of several words goes whole.
			if (
				bare !== undefined &&
				replacement === MARKERS.secret &&
				mayRunOn(whole, to.end - m.length, sep, key)
			)
				to.end = valueRunsTo(whole, to.end, sep);
		} else if (
			this.o.apiKeys &&
			isHighEntropy(value) &&
			!(this.hasAllowValues && this.allowValues.has(value)) &&
			!isPublicSignedParam(key) &&
			// `IBANMT84MALT…`: the IBAN pass takes the number and keeps its label.
			!(value.startsWith('IBAN') && isValidIban(value.slice(4)))
		) {
			replacement = this.tally.mark('api_key');
		}
		if (replacement === undefined) return m;
		const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
		return key + sep + quote + replacement + quote;
	}

	private readonly onKeyValueMatch = (m: RegExpExecArray, to: ValueEnd): string =>
		this.onKeyValue(m[0], m[1] ?? '', m[2] ?? '', m[3], m[4], m[5], to, m.input, m.index);
	/** Only a sensitive key or a value long enough to be a token can change a `key=value` match. */
	private readonly keyValueMayChange = (
		key: string,
		valueLength: number,
		phrase: string | undefined,
	): boolean =>
		(this.o.apiKeys && valueLength >= TOKEN_MIN_LENGTH) ||
		(this.o.tokens &&
			(this.rules.dataKeyIsSensitive(key) || isCredentialEnvName(key) || this.phraseIsSensitive(phrase)));

	/**
	 * Whether a key of several words (`api key`, `the secret key`, `client secret`), read with the one or two words
	 * before it, is sensitive as a whole, as `api_key` is: its last two words, or all three.
	 */
	private phraseIsSensitive(phrase: string | undefined): boolean {
		if (phrase === undefined) return false;
		const {dataKeyIsSensitive, allowKeys} = this.rules;
		const space = phrase.indexOf(' ');
		const two = phrase.indexOf(' ', space + 1) === -1 ? phrase : phrase.slice(space + 1);
		if (allowKeys.size > 0 && (allowKeys.has(two.toLowerCase()) || allowKeys.has(phrase.toLowerCase())))
			return false;
		return dataKeyIsSensitive(two) || (two !== phrase && dataKeyIsSensitive(phrase));
	}
	private readonly onEmailMatch = (m: RegExpExecArray): string => {
		// `icon@2x.png`: an image density variant, not an address.
		const found = m[0];
		const at = found.indexOf('@');
		const d = found.charCodeAt(at + 1);
		if (at !== -1 && d >= 48 && d <= 57 && DENSITY_ASSET_DOMAIN.test(found.slice(at + 1))) return found;
		return this.tally.mark('email');
	};
	/** A key before a quoted value (`password "x y"`), judged as a `key: value` key with the words before it. */
	private readonly quotedKeyIsSensitive = (key: string, phrase: string | undefined): boolean =>
		!this.rules.allowKeys.has(key.toLowerCase()) &&
		(this.rules.dataKeyIsSensitive(key) || this.phraseIsSensitive(phrase));
	private readonly markSecret = (): string => this.tally.mark('secret');
	private readonly intlKeyIsSensitive = (key: string): boolean =>
		this.rules.dataKeyIsSensitive(key) && !this.rules.allowKeys.has(key.toLowerCase());
	private readonly redactIntlValue = (value: string): string =>
		this.hasAllowValues && this.allowValues.has(value) ? value : this.redactSensitiveString(value, false);
	private readonly markUser = (): string => this.tally.mark('user');
	private readonly markPhone = (): string => this.tally.mark('phone');
	private readonly markEmail = (): string => this.tally.mark('email');
	private readonly markSsn = (): string => this.tally.mark('ssn');
	private readonly onJwt = (_m: string, glue: string): string => glue + this.tally.mark('jwt');
	private readonly onUserinfo = (_m: string, scheme: string): string =>
		`${scheme}${this.tally.mark('secret')}@`;
	private readonly markApiKey = (): string => this.tally.mark('api_key');
	private readonly markUuid = (): string => this.tally.mark('uuid');
	private readonly markMac = (): string => this.tally.mark('mac');
	private readonly markHex = (): string => this.tally.mark('hex');
	private readonly onIban = (m: string): string => (isValidIban(m) ? this.tally.mark('iban') : m);
	private readonly onWrittenIban = (m: string, offset: number, whole: string): string => {
		// Glued to letters that follow a digit or `_` (`a1bde89…`): an id or a hash, not a label and an IBAN.
		if (offset > 0 && !startsIbanAt(whole, offset, 0)) return m;
		const end = writtenIbanEnd(m);
		return end === -1 ? m : this.tally.mark('iban') + m.slice(end);
	};
	private readonly onIpv6 = (m: string): string => (isPublicIpv6(m) ? this.tally.mark('ip') : m);
	private readonly onAuthScheme = (m: string, scheme: string, ws: string, cred: string): string =>
		looksLikeCredential(cred) ? scheme + ws + this.tally.mark('secret') : m;

	private readonly onUrlInText = (m: string): string => {
		let end = m.length;
		while (end > 0 && '.,;:!?)]}'.includes(m.charAt(end - 1))) end--;
		return this.scrubUrl(m.slice(0, end), false) + m.slice(end);
	};
	/** A query found in a token of text (`scrubQueriesApart`), judged by the URL rules as `?query`. */
	private readonly onQueryInText = (query: string): string => {
		const r = this.scrubUrl(`?${query}`, false);
		return r.charCodeAt(0) === 63 ? r.slice(1) : query;
	};

	private readonly onIpv4 = (ip: string, offset: number, whole: string): string => {
		if (!isPublicIpv4(ip)) return ip;
		// `Chrome/120.0.0.0`, `Version/17.2.1.0`: a version after a product name, not an address.
		if (offset >= 2 && whole.charCodeAt(offset - 1) === 47 && isLetter(whole.charCodeAt(offset - 2)))
			return ip;
		if (offset >= 1 && (whole.charCodeAt(offset - 1) === 118 || whole.charCodeAt(offset - 1) === 86))
			return ip;
		if (VERSION_BEFORE.test(whole.slice(Math.max(0, offset - 12), offset))) return ip;
		return this.tally.mark('ip');
	};

	/**
	 * Runs every enabled pass over `input`; `urls` also applies URL rules to absolute URLs inside it, and to the
	 * encoded queries of its tokens (`"GET /checkout?q=4242+4242+4242+4242 HTTP/1.1"`), read apart from the text.
	 */
	scrub(input: string, urls: boolean): string {
		// A text that may hold an encoded query is read in pieces (`scrubFolded`), not scanned whole.
		const mayHoldQuery = urls && input.includes('=');
		let folded: string;
		if (mayHoldQuery) folded = foldLookalikes(input);
		else {
			scanText(input, facts);
			// Only a character outside ASCII can be folded (the look-alikes start at U+00A0): most strings are
			// scanned once for both questions.
			if (!facts.nonAscii) return this.passes(input, urls);
			folded = foldLookalikes(input);
			if (folded === input) return this.passes(input, urls);
		}
		if (folded === input) return this.scrubFolded(input, urls);
		// Nothing found: the original, byte for byte (`Prix : 12 €` with a no-break space is no look-alike of
		// anything). Something found: the folded string, redacted, since the markers' places are its places.
		const r = this.scrubFolded(folded, urls);
		return r === folded ? input : r;
	}

	/** `scrub` on a string with no look-alikes left to fold. */
	private scrubFolded(input: string, urls: boolean): string {
		if (urls && input.includes('=') && (input.includes('+') || input.includes('%'))) {
			const apart = scrubQueriesApart(input, this.scrubTextPiece, this.onQueryInText);
			if (apart !== undefined) return apart;
		}
		scanText(input, facts);
		return this.passes(input, urls);
	}

	private readonly scrubTextPiece = (piece: string): string => {
		scanText(piece, facts);
		return this.passes(piece, true);
	};

	/**
	 * Runs every enabled pass over `input` (`urls`: see `scrub`). Most strings run two or three of the passes, not
	 * thirteen: each is gated by the facts of the scan, which `facts` must hold for `input` when this is called.
	 */
	private passes(input: string, urls: boolean): string {
		const o = this.o;
		const {
			colons,
			dots,
			dashes,
			at,
			pct,
			eq,
			space,
			prose,
			maxRun,
			maxBase64Run,
			tilde,
			nonAscii,
			authScheme,
		} = facts;
		const {numFrom, numTo, quadCand, ibanCand, ibanLower, capsDigits, digits7} = facts;
		const {slash, digitSlash, slashHome, bracketAt, quotedAt, colonAfterE, flagDash, scheme, spelledDot} =
			facts;
		const {quoteAfterSpace, digit} = facts;
		let s = input;
		const n = s.length;
		if (o.phones && slash && (numFrom !== -1 || maxRun >= 6) && s.includes('.me/'))
			s = redactMessagingPhones(s, this.markPhone);
		if (o.phones && digitSlash) s = redactSlashPhones(s, this.markPhone);
		if (o.homePaths && n >= 9 && (slashHome || pct) && mayHoldHomeDir(s))
			s = redactHomeUsers(s, this.markUser);
		if (o.tokens && dashes >= 5 && s.includes(PEM_BEGIN)) s = redactPemBodies(s, this.markSecret);
		if (o.tokens && maxRun >= 6 && dots >= 2 && s.includes('eyJ')) s = s.replace(JWT, this.onJwt);
		// A fact of `input` holds for `s` only while no pass has changed it.
		if (colons > 0 && (s === input ? scheme : s.includes('://'))) {
			if (o.tokens && at) s = s.replace(URL_USERINFO, this.onUserinfo);
			if (urls) s = s.replace(URL_IN_TEXT, this.onUrlInText);
		}
		if (o.apiKeys && maxRun >= 16) {
			if (s.includes('hooks.slack.com/') || s.includes('/webhooks/'))
				s = s.replace(WEBHOOK_PATH, this.markApiKey);
			s = replaceApiKeys(s, this.markApiKey);
		}
		// A base64 key needs a 40-char base64 run, a Discord token two dots and a 27-char token run, Entra's a `~`.
		if (
			o.apiKeys &&
			maxRun >= 10 &&
			n >= 37 &&
			(s !== input || maxBase64Run >= 40 || (maxRun >= 27 && dots >= 2) || tilde)
		)
			s = redactCloudSecrets(s, this.markApiKey);
		if (o.tokens && authScheme) s = s.replace(AUTH_SCHEME, this.onAuthScheme);
		if (o.tokens && flagDash) s = redactCommandLineSecrets(s, this.markSecret);
		if (o.tokens && colonAfterE && (s.includes('ookie') || s.includes('OOKIE')))
			s = redactCookieHeaders(s, this.rules.dataKeyIsSensitive, this.markSecret);
		// After the Cookie headers, which judge their pairs themselves; before `key=value`, which would take the
		// signature for a token of its own (`v: s:[REDACTED_API_KEY]`).
		if (o.tokens && (colons > 0 || pct) && n >= 54 && (s.includes('s:') || s.includes('s%3')))
			s = s.replace(SIGNED_SESSION, this.markSecret);
		if (colons > 0 || eq || (space && prose))
			s = replaceKeyValues(s, this.onKeyValueMatch, this.keyValueMayChange);
		// `passphrase "correct horse battery staple"`: a quote after a space in ASCII, or a typographic one.
		if (o.tokens && space && (quoteAfterSpace || nonAscii))
			s = redactQuotedAfterKeys(s, this.quotedKeyIsSensitive, this.redactIntlValue);
		if (o.tokens && n >= 6 && (s !== input || digit) && mayHoldCardCode(s))
			s = redactCardCodes(s, this.markSecret);
		if (o.emails && (quotedAt || bracketAt)) s = redactEmailForms(s, quotedAt, bracketAt, this.markEmail);
		if (o.emails && space && n >= 12 && (s !== input || spelledDot))
			s = redactSpelledEmails(s, this.markEmail);
		if (o.emails && (at || pct))
			s = replaceAnchored(s, EMAIL(), nextEmailHint, emailFloor, this.onEmailMatch);
		// After the email passes, so an address under such a key keeps its own marker whole.
		if (o.tokens && mayHoldIntlKeyValue(s, colons > 0 || eq, space, s === input ? !nonAscii : undefined))
			s = redactIntlKeyValues(s, this.intlKeyIsSensitive, this.redactIntlValue);
		if (o.uuids && maxRun >= 36 && dashes >= 4) s = s.replace(UUID, this.markUuid);
		if (o.ibans && ibanCand && n >= 15) s = s.replace(IBAN, this.onIban);
		// Lower case, or capitals in groups joined by dashes (three at least: four groups make the shortest IBAN).
		if (o.ibans && (ibanLower || (ibanCand && dashes >= 3)) && n >= SHORTEST_IBAN)
			s = s.replace(IBAN_WRITTEN, this.onWrittenIban);
		if (o.ips && (colons >= 6 || (colons >= 2 && s.includes('::')))) s = s.replace(IPV6, this.onIpv6);
		// While `s` is `input`, a Cisco form that mayHoldMac finds is itself a 4-hex run: no need to scan for one.
		if (
			o.macs &&
			(colons >= 5 ||
				dashes >= 5 ||
				(dots >= 2 && n >= 14 && (s === input || scanHexRuns(input, hexFacts).hex4))) &&
			n >= 14 &&
			mayHoldMac(s)
		)
			s = s.replace(MAC, this.markMac);
		if (o.ips && quadCand) s = s.replace(IPV4, this.onIpv4);
		if (o.ssns && n >= 9 && (s !== input || digits7 || capsDigits) && mayHoldNationalId(s, numFrom !== -1))
			s = redactNationalIds(s, this.markSsn);
		// A codice fiscale holds capitals before digits; a written CPF, 11 digits in the scan's number window.
		if (o.ssns && n >= 14 && (capsDigits || numFrom !== -1)) s = redactCheckedIds(s, this.markSsn);
		// Where nothing before changed the string, the scan's positions hold: the number and hex patterns only
		// run over the stretch from the first candidate to the end of the last one.
		// `+98 9602` has fewer digits than the scan's 7-digit window: a `+` and a digit widen the pass to the whole string.
		if (this.rules.numbers && (numFrom !== -1 || o.phones)) {
			const plusDigit = o.phones && mayHoldShortInternational(s);
			if (numFrom !== -1 && s === input && !plusDigit)
				s = replaceNumberRuns(s, numFrom - 2, numTo, this.onNumber);
			else if (numFrom !== -1 || plusDigit) s = replaceNumberRuns(s, 0, s.length, this.onNumber);
		}
		// A 32-hex run is a 32-character token run: only then are the hex runs scanned.
		if (o.hex && maxRun >= 32) {
			const {hexFrom, hexTo} = scanHexRuns(input, hexFacts);
			if (hexFrom !== -1)
				s =
					s === input
						? replaceBetween(s, HEX, hexFrom - 2, hexTo, this.markHex)
						: s.replace(HEX, this.markHex);
		}
		for (const p of this.custom) s = s.replace(p.regex, p.replace);
		return s;
	}

	/**
	 * Cuts an over-long string where no PII item can straddle the cut: at a newline, or at a separator that
	 * does not follow a digit (so `4242 4242 | 4242 4242` is never split), searching the last 4 kB before the
	 * cap; failing that, at the cap itself. `' [Truncated]'` is appended.
	 */
	cut(s: string): string {
		const maxLen = this.o.maxStringLength;
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

	/** `Sanitizer.text`. */
	readonly text = (s: string): string => {
		if (typeof s !== 'string') s = safeString(s);
		if (this.hasAllowValues && this.allowValues.has(s)) return s;
		return this.scrub(this.cut(s), true);
	};
}
