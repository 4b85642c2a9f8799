/**
 * Every detection pattern of the sanitizer, in one audited place.
 *
 * Rules for this file:
 * - Every regex is linear-time. The repo lints it with `eslint-plugin-regexp`
 *   (`no-super-linear-backtracking`, `no-super-linear-move`); unbounded runs are entered only at a token start
 *   (a negative look-behind for the run's own alphabet), so a 100 kB run of `a`, `@`, digits or hex is scanned
 *   from one start position only, never from each.
 * - Patterns find *candidates*; the checks in `checks.ts` (Luhn, mod-97, private IP ranges, phone shapes)
 *   decide. Keeping the regexes loose and the checks strict keeps both simple.
 * - Each comment says what the pattern matches and what it deliberately leaves alone.
 *
 * Besides the detectors, the anchored shapes the scans check on a candidate they already hold (a whole value, a
 * host, a number sub-run) live here too, so that this file holds every regex of the sanitizer.
 *
 * All global regexes here are used through `String.prototype.replace` (which resets `lastIndex`) or, for
 * {@link EMAIL} and {@link KEY_VALUE}, through `exec` with `lastIndex` set right before each call (the
 * sanitizer's `replaceAnchored`), so sharing them between sanitizer instances is safe.
 */
import {isGluedWord, PHONE_WORDS} from './phone-words.js';

/**
 * A pattern held as its source and built at its first use, then kept. For the Unicode-property patterns
 * (`\p{L}` with flag `u`): V8 checks a regex literal when its module is compiled, even one inside a function
 * never called, and builds it again when the literal is evaluated, and for these both are costly; most events
 * need none of them, and `import` plus the first `trackEvent` (a cold start) should not pay for them. The
 * regexp lint reads literals only, so `test/sanitize/lazy-patterns.test.ts` lints each of these built.
 */
function builtOnFirstUse(source: string, flags: string): () => RegExp {
	let pattern: RegExp | undefined;
	return () => (pattern ??= new RegExp(source, flags));
}

/**
 * Email addresses: local part, `@` (or its percent-encoded `%40`, or double-encoded `%2540`), a domain with at
 * least one dot and an alphabetic TLD of 2+ letters or a punycode one (`xn--p1ai`). Unicode letters are allowed
 * (IDN: `jöhn@exämple.de`).
 * An encoded address is found after any `%XX` escape too (`next=%2Fhome%3Fu%3Dbob%2540example.org`).
 * Leaves alone: `@handles`, `user@localhost`, `npm:@scope/pkg`, decorators, and anything already a marker.
 */
export const EMAIL = builtOnFirstUse(
	String.raw`(?:(?<![\p{L}\p{N}._%+-])|(?<=%[\dA-F]{2}))(?:[\p{L}\p{N}._+-]|%2[BDE]|%5F){1,200}(?:@|%40|%2540)(?:[\p{L}\p{N}-]{1,63}\.){1,10}(?:\p{L}{2,63}|xn--[\da-z-]{1,59})(?![\p{L}\p{N}-])`,
	'giu',
);

/** Cheap prefilter for {@link EMAIL}: an `@` or an encoded `@` must be present. */
export const EMAIL_HINT = /@|%(?:25)?40/;

/**
 * UUIDs / GUIDs of any version and case, 8-4-4-4-12, optionally in braces (`{…}`, braces are removed too).
 * Found glued to a word too (`id5a3c1e9e-…-2f6d7a8b9c01x`, `user_…`): no start bound (the first group is the
 * last 8 hex before a dash) and only hex after; each start costs at most 38 bounded steps, so it stays linear.
 * Leaves alone: shorter dashed hex such as `a1b2-c3d4`, and 32 hex without dashes (that is {@link HEX}).
 */
export const UUID = /\{?[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}(?![\da-f])\}?/gi;

/**
 * JSON Web Tokens (and JWS/JWE): a base64url JSON header starting `eyJ`, then 2–4 further dot-separated
 * base64url segments (the last may be empty for `alg: none`). Works after `Bearer ` too.
 * Glued forms (`ab_eyJ…`, `x-eyJ…`): the match still starts at a token start only (linear), and a prefix of
 * words each ended by `_`/`-` (group 1, kept by the caller) may come before `eyJ`.
 * Leaves alone: a lone `eyJ…` segment without dots, and `eyJ.eyJ.` runs with empty segments.
 */
export const JWT = /(?<![\w-])((?:[A-Za-z\d]+[_-]+)*)eyJ[\w-]{4,}(?:\.[\w-]{2,}){1,3}\.[\w-]*/g;

/**
 * Provider API keys with a recognisable shape. One alternation, entered only at a token start:
 * AWS access key ids (`AKIA`, `ASIA`, `AGPA`, `AIDA`, `AROA`, `AIPA`, `ANPA`, `ANVA`, `A3T…`);
 * GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`); Stripe (`sk_`, `rk_`, `pk_` live/test and
 * `whsec_`); Slack (`xoxa-`, `xoxb-`, `xoxp-`, `xoxr-`, `xoxs-`, `xapp-`); OpenAI and Anthropic (`sk-…`,
 * `sk-proj-…`, `sk-ant-…`); Google (`AIza…`, `ya29.…`, `GOCSPX-…`); SendGrid (`SG.x.y`); Twilio (`SK`/`AC`
 * + 32 hex); npm (`npm_`); GitLab (`glpat-`, `gldt-`, `glrt-`, `glptt-`, `glsoat-`); Hugging Face (`hf_`);
 * Mailgun (`key-` + 32 hex); Shopify (`shpat_`, `shpca_`, `shppa_`, `shpss_`); DigitalOcean (`dop_v1_`,
 * `doo_v1_`, `dor_v1_`); Databricks (`dapi…`); Square (`sq0atp-`, `sq0csp-`, `EAAA…`); also PyPI (`pypi-`),
 * Postman (`PMAK-`), Linear (`lin_api_`), Grafana (`glsa_`, `glc_`), Sentry (`sntrys_`, `sntryu_`),
 * Supabase (`sbp_`), Atlassian (`ATATT3`), Notion (`secret_`, `ntn_`), Doppler (`dp.pt.`, `dp.ct.`, `dp.sa.`,
 * `dp.scim.`, `dp.audit.`, and service tokens `dp.st.<config>.…`), New Relic (`NRAK-`, `NRJS-`, `NRII-`, …),
 * Resend (`re_`).
 * Every alternative demands a long random body, so words like `sk-learn`, `hf_model`, `key-value` stay.
 * AWS ids (all capitals and digits) are bounded by capitals/digits only, so they are found glued to a lower-case
 * word too (`keyAKIAIOSFODNN7EXAMPLEx`); the lower-case prefixes keep the letter boundary (`task-…` is no `sk-`).
 */
export const API_KEY =
	/(?<![A-Z\d])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z\d])[A-Z\d]{16}(?![A-Z\d])|(?<![A-Za-z\d])(?:gh[opsru]_[A-Za-z\d]{30,255}|github_pat_\w{30,255}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z\d]{10,255}|whsec_[A-Za-z\d+/=]{20,255}|xox[abeoprs]-[A-Za-z\d-]{10,255}|xapp-[A-Za-z\d-]{20,255}|sk-[\w-]{20,255}|AIza[\w-]{30,50}|ya29\.[\w-]{20,2048}|GOCSPX-[\w-]{20,64}|SG\.[\w-]{16,32}\.[\w-]{30,64}|(?:SK|AC)[\da-f]{32}(?![A-Za-z\d])|npm_[A-Za-z\d]{30,64}|(?:glpat|gldt|glrt|glptt|glsoat)-[\w-]{20,64}|hf_[A-Za-z\d]{30,64}|key-[\da-z]{32}(?![A-Za-z\d])|shp(?:at|ca|pa|ss)_[\da-fA-F]{32}|do[opr]_v1_[\da-f]{64}|dapi[\da-f]{32}(?:-\d)?|sq0(?:atp|csp)-[\w-]{22,64}|EAAA[\w-]{40,128}|pypi-[\w-]{50,255}|PMAK-[\da-f]{24}-[\da-f]{34}|lin_api_[A-Za-z\d]{30,64}|glsa_\w{30,64}|glc_[A-Za-z\d+/=]{30,255}|sntry[su]_[\w+/=-]{30,255}|sbp_[\da-f]{40}|ATATT3[\w=-]{50,255}|secret_[A-Za-z\d]{40,64}|ntn_[A-Za-z\d]{40,64}|dp\.(?:pt|ct|sa|scim|audit)\.[A-Za-z\d]{40,64}|dp\.st\.(?:[a-z\d_-]{1,40}\.)?[A-Za-z\d]{40,64}|NR(?:AK|AA|II|IQ|JS|RA)-[A-Za-z\d]{19,40}|re_[A-Za-z\d]{8,12}_[A-Za-z\d]{16,32})/g;

/**
 * Prefilter for {@link API_KEY}: the literal head of every alternative (`A3T` for `A3T[A-Z\d]`, `k_live_` and
 * `k_test_` for the Stripe `sk_`/`rk_`/`pk_` keys, `sq0` for Square, the Twilio head with its 32 hex). No
 * look-behind, so the engine can skip ahead on the first characters; when it fails, {@link API_KEY} cannot match.
 */
export const API_KEY_HINT =
	/AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T|gh[opsru]_|github_pat_|k_live_|k_test_|whsec_|xox[abeoprs]-|xapp-|sk-|AIza|ya29\.|GOCSPX-|SG\.|(?:SK|AC)[\da-f]{32}|npm_|glpat-|gldt-|glrt-|glptt-|glsoat-|hf_|key-|shp(?:at|ca|pa|ss)_|do[opr]_v1_|dapi|sq0|EAAA|pypi-|PMAK-|lin_api_|glsa_|glc_|sntry[su]_|sbp_|ATATT3|secret_|ntn_|dp\.(?:pt|ct|sa|st|scim|audit)\.|NR(?:AK|AA|II|IQ|JS|RA)-|re_/;

/**
 * Credentials that carry no prefix, found bare in prose (`deploy used <key> for build 4821`), each of a fixed
 * documented shape: an Azure storage account key (86 base64 characters and `==`), an AWS secret access key (40
 * base64 characters), a Discord bot token (the base64url of the bot's numeric id, a 6-character timestamp and a
 * 27–38 character HMAC, dot-separated), and a Microsoft Entra (Azure AD) client secret (3 characters, a digit,
 * `Q~`, 31–34 characters). Only candidates: `cloud-keys.isCloudSecret` checks the character mix (and, for Discord,
 * that the first part decodes to digits), so paths and words of those lengths stay. Entered only at a token
 * start (no base64, word, `.`, `~`, `-` or `%` character before: `%2F` + 38 characters is one
 * percent-encoded token, not a 40-character key), every alternative bounded, so the scan is linear; a
 * sentence's full stop may follow. Leaves alone: 40-hex commit ids (no upper case), longer base64 runs (data
 * URIs, PEM bodies), anything glued to a longer token.
 */
export const CLOUD_SECRET =
	/(?<![\w/+=.~%-])(?:[A-Za-z\d+/]{86}==|[A-Za-z\d+/]{40}|[MNO][\w-]{22,26}\.[\w-]{6}\.[\w-]{27,38}|[\w.~-]{3}\dQ~[\w.~-]{31,34})(?![\w/+=~-]|\.[\w~-])/g;

/**
 * {@link CLOUD_SECRET} as a sticky pattern: `cloud-keys.ts` tries it only at the token starts before each hint (a
 * 40-character base64 window, a 27-character word window, or `Q~`), which every match holds.
 */
export const CLOUD_SECRET_AT = new RegExp(CLOUD_SECRET.source, 'y');

/**
 * {@link API_KEY_HINT} as a global pattern, to walk from hint to hint. Every {@link API_KEY} match starts where
 * its hint does, or one character before (`sk_live_` around `k_live_`): {@link API_KEY_AT} is tried only there.
 */
export const API_KEY_HINTS = new RegExp(API_KEY_HINT.source, 'g');

/** {@link API_KEY} as a sticky pattern: it matches only where `lastIndex` points (at the hints). */
export const API_KEY_AT = new RegExp(API_KEY.source, 'y');

/** How far before its hint an {@link API_KEY} match may start (the `s`, `r` or `p` of `sk_live_`). */
export const API_KEY_LEAD = 1;

/**
 * Webhook URLs whose path *is* the credential: Slack (`hooks.slack.com/services/T…/B…/…`) and Discord
 * (`discord.com/api/webhooks/<id>/<token>`). Only the credential part is matched; the host stays.
 */
export const WEBHOOK_PATH =
	/(?<=hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Z\d]{6,16}\/[\w/]{10,128}|(?<=discord(?:app)?\.com\/api\/webhooks\/)\d{6,24}\/[\w-]{20,128}/g;

/**
 * `Bearer` / `Basic` / `Token` / `Digest` credentials (case-insensitive). The credential must be 8+ chars of
 * token alphabet; `checks.looksLikeCredential` then demands a digit, `=`, or mixed case, so prose such as
 * "Basic plan", "bearer token" or "Token expired" is left alone. JWTs after `Bearer` are caught earlier by
 * {@link JWT} and keep their own marker.
 */
export const AUTH_SCHEME = /(?<![\w-])(bearer|basic|token|digest)([ \t]{1,4})([\w~+/.=-]{8,4096})/gi;

/**
 * URL userinfo: `scheme://user:password@` or `scheme://token@`. The scheme is kept, the userinfo becomes
 * `[REDACTED]`. Leaves alone: `scheme://host` without `@` in the authority.
 */
export const URL_USERINFO = /(?<![\w+.-])([a-z][\w+.-]{0,30}:\/\/)([^\s/?#@[\]]{1,512})@/gi;

/**
 * Absolute URLs inside free text, so that query keys such as `code=` or `state=` get URL rules.
 * Bounded to 4 kB; trailing punctuation is given back by the caller.
 */
export const URL_IN_TEXT = /(?<![\w+.-])[a-z][\w+.-]{1,30}:\/\/[^\s<>"'`]{1,4096}/gi;

/**
 * `key=value`, `key: value`, `"key": "value"`, `key is value` contexts, and command-line flags (`--password=x`, `-token=x`). The key (1–64 chars of word, `.`,
 * `-`) is judged by `keys.ts` (whole-word rules); the value is one of: a double- or single-quoted string,
 * or an unquoted run up to whitespace/`&`/`,`/`;`/quotes/brackets — or, when the value is a number written in
 * groups (`ssn: 123 45 6789`, `phone: 030 1234567`, `iban: DE89 3704 0044 …`), all its groups, so a sensitive key
 * takes the whole number and not its first group only. Only keys that are judged sensitive or
 * values that look like high-entropy tokens are redacted — `token_count=1500` and `max_tokens: 512` stay.
 * Group 1 key, 2 separator, 3 double-quoted value, 4 single-quoted value, 5 bare value.
 */
export const KEY_VALUE =
	/(?:(?<![\w.-])|(?<=(?<![\w.-])--?))([A-Za-z_][\w.-]{0,63})(["']?[ \t]{0,3}[:=][ \t]{0,3}|["']?[ \t]{1,3}(?:is|was|=>|->)(?:[ \t]{0,2}:)?[ \t]{1,3})(?:"([^"\n]{1,1024})"|'([^'\n]{1,1024})'|((?:\+|\(\+?)?[A-Z]{0,2}\d[\dA-Z]{0,7}(?:(?:[ .-]\(?|\)[ .-]?)[\dA-Z]{1,8}){1,8}\)?(?![^\s"'&,;<>()[\]{}])|[^\s"'&,;<>()[\]{}]{1,2048}))/g;

/**
 * {@link KEY_VALUE} as a sticky pattern: it matches only where `lastIndex` points. The sanitizer tries it at the
 * few key starts before each separator instead of letting the global pattern search the rest of the string.
 */
export const KEY_VALUE_AT = new RegExp(KEY_VALUE.source, 'y');

/**
 * Runs that could be a phone number, a card number or an SSN: optional `+` or `(`, then 6–25 digits each
 * separated by at most two of space/dash/dot/parenthesis (so `10.0.0.1 - 6011 …` breaks at ` - `). Not entered in the middle of a word, a number or a
 * version (`v1.2.3`), nor after `-`/`+`/`.`. `checks.classifyNumber` decides: Luhn + issuer prefix for cards,
 * SSN area rules, phone shapes per country. Dates (`2024-03-15`), versions (`120.0.6099.109`), prices,
 * Unix timestamps (`1710498153`), IPs, and Luhn-failing order numbers come out unclassified and are kept.
 * Digit lookarounds, not `\b`: a run glued to a word (`user_4111…`, `order-4111…`, `ref.4111…`, `4111…x`) is a
 * candidate too, but the caller classifies it *glued*: only cards, SSNs, and phones with a `+` or a phone word
 * before them — so `order_1234567` or `v1.2.3.4567` stay ids and versions.
 */
export const NUMBER_RUN = /(?<![\d+])(?<!\d[.:-])(?:\+|\(\+?)?\d(?:[ ().-]{0,2}\d){5,24}(?!\d)/g;

/**
 * IPv4 dotted quads with valid octets. `checks.isPublicIpv4` then keeps private (10/8, 172.16/12,
 * 192.168/16), loopback, link-local, CGNAT, multicast/reserved and unspecified addresses; and the caller keeps
 * versions that merely look like addresses (`Chrome/120.0.0.0`, `v1.2.3.4`, `1.2.3.4.5`).
 */
export const IPV4 =
	/(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)/g;

/**
 * IPv6 candidates: 2–7 colon-terminated groups of 0–4 hex digits and a final group, optionally an embedded
 * IPv4 tail. `checks.isPublicIpv6` validates the shape (eight groups, or one `::`) and keeps loopback `::1`,
 * unspecified `::`, link-local `fe80::/10`, unique-local `fc00::/7`. Times (`12:30:45`), MACs (six groups of
 * two) and `std::vector` come out invalid and are kept.
 */
export const IPV6 =
	/(?<![\w:.])(?:[\da-f]{0,4}:){2,7}(?:[\da-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:]|\.\w)/gi;

/**
 * MAC addresses: six pairs of hex separated consistently by `:` or `-`, or Cisco `aabb.ccdd.eeff`.
 * Leaves alone: all-zero and broadcast addresses are still redacted (cheap and harmless); times and
 * IPv6 are excluded by requiring exactly six 2-digit groups.
 */
export const MAC =
	/(?<![\w:.-])(?:[\da-f]{2}(?::[\da-f]{2}){5}|[\da-f]{2}(?:-[\da-f]{2}){5}|[\da-f]{4}\.[\da-f]{4}\.[\da-f]{4})(?![\w:-]|\.\w)/gi;

/**
 * IBAN candidates: country letters, two check digits, then 11–30 alphanumerics, compact or in groups of 4.
 * `checks.isValidIban` applies the mod-97 check, so product codes such as `DE12ABCD` are kept. Bounded by capitals
 * and digits only, so `iban_DE89…`, `ibanDE89…x` are found too, and after the label in capitals glued on
 * (`IBANDE89…`). Linear: each start is tried once against fixed-length look-behinds and bounded groups.
 */
export const IBAN =
	/(?:(?<![A-Z\d])|(?<=IBAN))[A-Z]{2}\d{2}(?: ?[A-Z\d]{4}){2,7}(?: ?[A-Z\d]{1,4})?(?![A-Z\d])/g;

/**
 * IBANs as people also write them: in lower or mixed case (`de89 3704 0044 0532 0130 00`), or in groups joined by
 * dashes (`DE89-3704-0044-0532-0130-00`). The shape of {@link IBAN} with letters of either case and `-` beside the
 * space, also glued to the word before (`ibande89…`), never right after a digit. Only candidates: the caller
 * refuses a head glued to letters that follow a digit or `_` (`iban-countries.startsIbanAt`), and
 * `checks.writtenIbanEnd` demands a country of the SWIFT registry or a national IBAN country, its length and the
 * mod-97 check, since lower-case codes of this shape (`ab12-cd34-ef56`, `de` + digits product codes) are common.
 * Leaves alone: longer letter-digit runs (40-hex commit ids).
 */
export const IBAN_WRITTEN = /(?<!\d)[a-z]{2}\d{2}(?:[ -]?[a-z\d]{4}){2,7}(?:[ -]?[a-z\d]{1,4})?(?![a-z\d])/gi;

/**
 * Long hex strings: 32+ hex digits (MD5/SHA hashes, session ids, trace ids, signatures), optionally `0x`.
 * Bounded by hex digits only, so glued forms (`sha<hash>`, `user_<hash>x`) are found too.
 * Leaves alone: short git SHAs (≤ 12), CSS colours, 16-hex span ids — anything under 32.
 */
export const HEX = /(?<![\da-f])(?:0x)?[\da-f]{32,}(?![\da-f])/gi;

/** Begin line of a PEM block; the sanitizer then looks for the matching `-----END …-----` with `indexOf`. */
export const PEM_BEGIN = '-----BEGIN';

/**
 * A date at the start of a number run or after a non-digit inside it: year first (`2024-03-15`, `2024. 09. 07`) or
 * last (`15/03/2024`, `03.15.2024`), separators `-./` with an optional space after (Korean, Hungarian, Czech), and
 * the two-digit-year form (`07.09.24`, `24-03-25`) only at the run's start, where `Intl` writes it before a time.
 * Groups 1–3 (year first), 4–6 (year last) or 7–9 (two-digit year) are then checked as a calendar date
 * (`checks.isDateRun`). Leaves alone a run with a further `[-./]digit` group (`0582.10.75.92`, `0890-04-33-32`
 * are phones) and date-shaped runs inside longer groups (`12-05-78` in `8 912 12-05-78`).
 */
export const DATE_SHAPE =
	/(?<![\d./-])(?:(\d{4})[-./] ?(\d{1,2})[-./] ?(\d{1,2})|(\d{1,2})[-./] ?(\d{1,2})[-./] ?(\d{4}))(?![-./]?\d)|^\(?(\d{1,2})[-./] ?(\d{1,2})[-./] ?(\d{2})(?![-./]?\d)/;

/** A compact ISO 8601 date (`20240925`), 1990–2039, also as the head of a basic timestamp (`20240925T184544Z`). */
export const COMPACT_DATE = /^(?:199\d|20[0-3]\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/;

/**
 * The end of an access log's request line (`"GET /x HTTP/1.1" `, NCSA common/combined format): the number run
 * after it is the response status and size, not a phone. Anchored at the end of the text before the run.
 */
export const ACCESS_LOG_REQUEST_END = /\bHTTP\/\d(?:\.\d)?" $/;

/**
 * Words right before a bare digit run that mark it as an identifier, not a phone number: ids, orders, and the
 * labels of product codes (`part`, `P/N`, `item`, `model`, `Art.-Nr.`, `serial`, `lot`, `ISBN`, `EAN`); not `Nr.` alone, which
 * ends `Tel.-Nr.` too. A phone word in the 24 characters before the run still wins (`checks.ts`). Linear: words of bounded length
 * anchored at the end of a bounded stretch.
 */
export const ID_CONTEXT =
	/(?:\bid|#|\bno\.?|\bnum(?:ber)?|\border|\binvoice|\bref|\bts|\btime(?:stamp)?|\bcount|\btotal|\bsku|\bticket|\bcase|\bbuild|\bjob|\brun|\bpid|\bport|\bversion|\bv|\bpart|\bp\/n|\bitem|\bmodel|\bmpn|\bserial|\bs\/n|\blot|\bbatch|\bisbn(?:-1[03])?|\bean|\bupc|\bgtin|\bart(?:ikel)?(?:\.?-?nr\.?|nummer)?|\bproduct)[\s:=#_-]{0,3}$/i;

/**
 * Contact words and verbs of calling and reaching before a phone number (`contact`, `Kontakt`, `call`, `reach`,
 * `rufen`, `rappelez`, `llámame`, `joignable`, `dzwoń`/`oddzwonić`), read as {@link PHONE_WORDS} are in text.
 * Text only: they name no phone, so a key named `contact` is no phone key.
 */
const CALL_WORDS =
	'call|sms|contact|contato|contatto|kontakt|reach|ring|bel|rufen|rappelez|llámame|liga|joignable|erreichbar|oddzwo[nń]|zadzwo[nń]|dzwo[nń]|номер';

/** Words that say a number follows (`text`, `Nummer`, `numéro`, `número`), right before it only. */
const NUMBER_CUES = 'text|numéro|número|nummer|numer';

/** The same in Arabic and Japanese (`رقم`, `連絡先`), found inside a longer word as the glued phone words are. */
const GLUED_NUMBER_CUES = 'رقم|連絡先';

/** The phone words text finds at a word start, near a number and three short words away. */
const PHONE_WORDS_FAR = [...PHONE_WORDS.keysAndText, ...PHONE_WORDS.textOnly].filter((w) => !isGluedWord(w));

/** The phone words text finds at a word start right before a number. */
const PHONE_WORDS_NEAR = [...PHONE_WORDS_FAR, ...PHONE_WORDS.keysAndNearText];

/** The phone words text finds inside a longer word, right before a number (`الهاتف`, `联系电话`). */
const GLUED_PHONE_WORDS = PHONE_WORDS.keysAndText.filter(isGluedWord);

/**
 * Words right before a digit run that mark it as a phone number even without formatting: the phone words of
 * `phone-words.ts` (`phone`, `Telefon`, `téléphone`, `móvil`, `телефон`, `هاتف`, `电话`, …), {@link CALL_WORDS}
 * and {@link NUMBER_CUES}, each followed by at most two short words (`call me at`, `Rappelez-moi au`, `can be
 * reached at`, `Sie mich unter`). Tested on the 24 characters before a run only. Leaves alone: `label`, `total`
 * (Latin words must start at a word start). Built from word lists, which the regexp lint does not read:
 * test/sanitize/phone-words.test.ts lints the built pattern, and linear.test.ts runs it on adversarial text.
 */
export const PHONE_CONTEXT = builtOnFirstUse(
	String.raw`(?:(?<!\p{L})(?:${PHONE_WORDS_NEAR.join('|')}|${CALL_WORDS}|${NUMBER_CUES})|${GLUED_PHONE_WORDS.join('|')}|${GLUED_NUMBER_CUES})[\p{L}\w-]{0,8}(?:[ \t]{1,2}\p{L}{1,6}){0,2}[\s:=#"'\uFF1A.-]{0,4}$`,
	'iu',
);

/**
 * The same words three short words away (`Call me back on`, `Bitte rufen Sie mich unter`, `Bel me terug op`,
 * `Erreichbar werktags:`), without the fax and number words and the glued ones: weaker context, so an identifier
 * word right before the run (`contact us about order`) wins over it. Words of at most 8 letters, no digits
 * between. Tested on the 32 characters before a run only.
 */
export const PHONE_CONTEXT_FAR = builtOnFirstUse(
	String.raw`(?<!\p{L})(?:${PHONE_WORDS_FAR.join('|')}|${CALL_WORDS})\p{L}{0,8}(?:[ \t]{1,2}\p{L}{1,8}){1,3}[\s:"'.-]{0,3}$`,
	'iu',
);

/**
 * Labels right before a 9-digit run, in any grouping, that mark it as a social security or taxpayer number: `SSN`,
 * `social security (number|no)`, `ITIN`, `taxpayer id`, `tax id`, Canada's `SIN` / `NAS` / `social insurance
 * number`; then `is`, `no`, `number` or `#`, or a short remark in brackets (`SSN (primary applicant):`). Tested on
 * the 32 characters before a run. Leaves alone the words inside others (`basin`, `casino`, `Dynasty`).
 */
export const SSN_CONTEXT = builtOnFirstUse(
	String.raw`(?<!\p{L})(?:ssn|itin|sin|nas|social[\s_-]?(?:security|insurance)(?:[\s_-]?(?:number|no))?|taxpayer[\s_-]?id(?:entification)?(?:[\s_-]?number)?|tax[\s_-]?id)(?:[ \t]{1,2}(?:is|was|no|number|#)|[ \t]{0,2}\([^()\n]{1,24}\))?[\s:=#"'_.-]{0,4}$`,
	'iu',
);

/**
 * National ids written with letters: a Spanish DNI (8 digits and a letter, also with a space or dash before it;
 * group 1 the digits, 2 the letter), a Spanish NIE (`X`, `Y` or `Z`, 7 digits, a letter; groups 3–5) and a UK
 * National Insurance number (two prefix letters of HMRC's allowed set, three pairs of digits, a suffix `A`–`D`,
 * spaced or not; group 6 the whole). Candidates only: `national-ids.ts` checks the DNI/NIE letter (mod 23) and
 * wants a label before a NINO, which has no check character. Bounded, and not entered inside a word or number,
 * so the scan is linear. Leaves alone longer alphanumeric runs (`AB123456CD`, `123456789Z`).
 */
export const NATIONAL_ID = builtOnFirstUse(
	String.raw`(?<![\p{L}\p{N}])(?:(\d{8})[ -]?([A-Z])|([XYZ])[ -]?(\d{7})[ -]?([A-Z])|([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]))(?![\p{L}\p{N}])`,
	'gu',
);

/**
 * National ids whose check characters make a chance match rare, found without a label: an Italian codice fiscale
 * (six letters, two digits, a month letter, two digits, a letter, three digits, the check letter; group 1) and a
 * Brazilian CPF written as `ddd.ddd.ddd-dd` (two mod-11 check digits; group 2). Candidates only: `national-ids.ts`
 * checks them. Fixed lengths, not entered inside a word or number: linear.
 */
export const CHECKED_ID = builtOnFirstUse(
	String.raw`(?<![\p{L}\p{N}])(?<!\d[.-])(?:([A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z])|(\d{3}\.\d{3}\.\d{3}-\d{2}))(?![\p{L}\p{N}])(?![.-]\d)`,
	'gu',
);

/**
 * The label of a UK National Insurance number right before it (`NI number`, `National Insurance number:`,
 * `NINO`, `NI No.`, `NIN`), tested on the 32 characters before a candidate.
 */
export const NINO_CONTEXT = builtOnFirstUse(
	String.raw`(?<!\p{L})(?:nino?|ni[ \t](?:number|no\.?|#)|national[ \t]insurance(?:[ \t](?:number|no\.?))?)[\s:=#"'.-]{0,4}$`,
	'iu',
);

/**
 * Our own markers inside a key (`ab_[REDACTED_JWT]`, left by scrubbing a glued key): removed before the key is
 * judged, so a sanitized key is not taken for a `jwt` or `card` key and sanitizing stays idempotent.
 */
export const MARKER_IN_KEY = /\[REDACTED(?:_[A-Z]+)*\]/g;

/** Combining marks left by NFD, dropped when a key word is folded (`contraseña` → `contrasena`). */
export const COMBINING_MARKS = /\p{M}/gu;

/**
 * Combining marks of the scripts the key word lists are written in (accents as NFD splits them, Cyrillic titlo,
 * Arabic harakat, kana sound marks), and every code point outside the ranges whose marks those are: a string
 * with none of the latter loses exactly its marks to {@link KNOWN_MARKS}, without building {@link COMBINING_MARKS}
 * (`strip-marks.ts`; `test/sanitize/strip-marks.test.ts` checks every BMP code point). Plain character classes,
 * so they are cheap to build when the module loads.
 */
export const KNOWN_MARKS = /[\u0300-\u036F\u0483-\u0489\u064B-\u065F\u3099\u309A]/g;
/** See {@link KNOWN_MARKS}: a code point outside Latin, Greek, Cyrillic, Arabic letters, kana and CJK ideographs (or a control character). */
export const OUTSIDE_KNOWN_MARKS = /[^\u0020-\u052F\u0620-\u066F\u3040-\u30FF\u4E00-\u9FFF]/;

/** Letters NFD does not decompose (ł ı ß ø æ œ đ), folded by a table when a key word is folded (`hasło` → `haslo`); escaped, so the built files stay ASCII (tsup.config.ts). */
export const FOLDED_LETTERS = /[\u0142\u0131\u00DF\u00F8\u00E6\u0153\u0111]/g;

/**
 * A card verification code in text: `cvc`, `cvv`, `cvc2`, `cvv2` or `csc` as a whole word, optionally `code`,
 * `no`, `#`, then a space, tab, `:`, `=` or `#` and 3 or 4 digits that end there (`cvc 123`, `CVV: 4567`, `csc code
 * 321`). Group 1 is what stays. Leaves alone: the words inside others (`cvsc`, `mycvc`), a code glued to the word
 * (`cvc123`, an identifier), longer numbers (`cvc 12345`), and a code word without digits (`cvc required`).
 */
export const CARD_CODE = builtOnFirstUse(
	String.raw`((?<![\p{L}\p{N}_])(?:cv[cv]2?|csc)(?:[ \t]{1,2}(?:code|no\.?|#))?(?=[ \t:=#])[ \t]{0,2}[:=#]?[ \t]{0,2})(\d{3,4})(?![\p{N}\p{L}])`,
	'giu',
);

/**
 * `key: value` in text whose key holds a letter outside ASCII (`пароль: qwerty`, `contraseña=x`, `密码：abc`), which
 * {@link KEY_VALUE} does not read, and keys of several words (`mot de passe: x`, `كلمة المرور: x`): one to four
 * words of letters, marks, digits, `_ . -` (at most 48 each, single spaces between, not inside a word), `:`, `=` or
 * the full-width `：` with at most two spaces or tabs around it (after the quote that closes a JSON key:
 * `{"пароль": "x"}`), then a quoted value or a bare run of at most 256.
 * Groups: key, separator, value. The caller passes over a one-word ASCII key (the main pass has judged it).
 */
export const INTL_KEY_VALUE = builtOnFirstUse(
	String.raw`(?<![\p{L}\p{M}\p{N}_.-])([\p{L}_][\p{L}\p{M}\p{N}_.-]{0,47}(?: [\p{L}_][\p{L}\p{M}\p{N}_.-]{0,47}){0,3})(["']?[ \t]{0,2}[:=\uFF1A][ \t]{0,2})("[^"\n]{1,256}"|'[^'\n]{1,256}'|[^\s"'&,;<>()[\]{}\uFF0C\u3001\u3002]{1,256})`,
	'gu',
);

/** Splits a key into words: separators `_ - . space /`, and camelCase / acronym boundaries. */
export const KEY_WORD_BOUNDARY = /[\s_.\-/:[\]]+|(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

/**
 * The label of a PEM begin line, matched sticky right after `-----BEGIN ` (the caller finds that with `indexOf`):
 * capitals, digits and inner spaces, at most 64, then the closing `-----`. Group 1 is the label
 * (`CERTIFICATE`, `OPENSSH PRIVATE KEY`). Leaves alone: a `-----BEGIN` without a closing run of five dashes.
 */
export const PEM_LABEL = /([A-Z\d](?:[A-Z\d ]{0,62}[A-Z\d])?)-----/y;

/**
 * The domain of an image density variant (`icon@2x.png`, `hero@1.5x.webp`) that {@link EMAIL} takes for an
 * address: a 1–2 digit density with an optional decimal, `x`, and an image file extension, nothing after.
 * Tested on the text after the `@` of an email match. Leaves alone: real domains (`bob@2x.com`, no image TLD).
 */
export const DENSITY_ASSET_DOMAIN =
	/^\d{1,2}(?:\.\d{1,2})?x\.(?:png|jpe?g|gif|webp|svg|avif|ico|bmp|tiff?|heic)$/i;

/**
 * A `Cookie:` or `Set-Cookie:` header name and its colon in free text (case-insensitive, `Cookie2` too); the
 * caller judges the pairs up to the end of the line one by one. Not entered inside a word (`x-cookie:` stays).
 */
export const COOKIE_HEADER = /(?<![\w-])(?:set-)?cookie2?[ \t]{0,3}:[ \t]{0,3}/gi;

/**
 * A signed session cookie value (express-session `connect.sid`, cookie-signature): `s:` or its encoded `s%3A`,
 * an id of 8–256 token characters, a `.` and an 8–256 character signature (base64, possibly percent-encoded).
 * Anchored on both ends: tested on one cookie value. Leaves alone: `s:1`, `session:abc`, unsigned values.
 */
export const SIGNED_COOKIE_VALUE = /^s(?::|%3A)[\w-]{8,256}\.[\w%+/=-]{8,256}$/i;

/**
 * An express-session signed session id anywhere, under any key or none (`{v: 's%3AISD0n9v…'}`): cookie-signature's
 * exact format, `s:` + the id + `.` + the unpadded base64 HMAC-SHA256 of it, 43 characters; percent-encoded as a
 * Cookie header carries it (`s%3A…`, `%2F` and `%2B` in the signature), or decoded. The id is 8–256 token
 * characters (uid-safe's 32 by default, a UUID from a custom `genid`). Entered only at a token start (no word
 * character, `%`, `.`, `+`, `/` or `-` before the `s`); the signature must end there (no further base64
 * character, `=` or its escape). Leaves alone: `s:1`, `aliases:x.y`, unsigned ids, signatures of other lengths.
 */
export const SIGNED_SESSION =
	/(?<![\w%.+/-])s(?::|%3[Aa])[\w-]{8,256}\.(?:[A-Za-z\d+/]|%2[BFbf]){43}(?![\w+/=-]|%(?:2[BFbf]|3[Dd]))/g;

/** A property or header name that holds cookies: `cookie`, `cookies`, `set-cookie`, `set_cookie`, `Cookie2`. */
export const COOKIE_NAME = /^(?:set[-_]?)?cookies?2?$/i;

/** One `%XX` escape (global; used with `replace`). */
export const PERCENT_ESCAPE = /%[\dA-F]{2}/gi;

/**
 * A home directory and the user name in it: macOS `/Users/<name>/` and Linux `/home/<name>/` (case as written,
 * at a path start: not after a word, `.` or `-`, so `https://site.com/home/about/` stays), and Windows
 * `C:\Users\<name>\` with any drive letter and any case, `\`, `\\` (escaped), `/` or URL-encoded separators
 * (`%2F`, `%5C`, `C%3A`). Group 1 is everything before the name; group 2 the name (1–64 characters, no
 * separator, whitespace, quote, bracket or `%2F`/`%5C`), which must be followed by a separator — a directory,
 * not a bare `/home/bob`. Leaves alone: `~/…`, `$HOME`, `%USERPROFILE%`, `${USER}`, our own markers.
 */
export const HOME_DIR =
	/((?<![\w.-])(?:(?:\/|%2[Ff])(?:Users|home)(?:\/|%2[Ff])|[A-Za-z](?::|%3[Aa])(?:\\{1,2}|\/|%5[Cc]|%2[Ff])[Uu][Ss][Ee][Rr][Ss](?:\\{1,2}|\/|%5[Cc]|%2[Ff])))((?:[^\s/\\:*?"'<>|%()[\]{},;=&`]|%(?!2[Ff]|5[Cc])[\dA-Fa-f]{2}){1,64})(?=[/\\]|%2[Ff]|%5[Cc])/g;

/**
 * Obfuscated email addresses: a local part, `at` in brackets, parentheses, braces or angle brackets (`[at]`,
 * `(at)`, `{at}`, `<at>`, any case, spaces around allowed), then a domain whose dots may be written `[dot]`,
 * `(dot)` the same way, ending in an alphabetic TLD. The local part starts at a token start only, so the scan
 * is linear. Leaves alone: prose `at` without brackets (`meet me at home dot com`), `(at least)`, `[at] 5 pm`.
 */
export const EMAIL_OBFUSCATED = builtOnFirstUse(
	String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._+-]{1,64}[ \t]{0,3}[[({<][ \t]{0,2}at[ \t]{0,2}[\])}>][ \t]{0,3}(?:[\p{L}\p{N}-]{1,63}(?:\.|[ \t]{0,3}[[({<][ \t]{0,2}dot[ \t]{0,2}[\])}>][ \t]{0,3})){1,10}\p{L}{2,63}(?![\p{L}\p{N}-])`,
	'giu',
);

/**
 * Email addresses spelled out in words: a local part, ` at `, a domain whose last dot (at least) is written
 * ` dot ` (`jane.doe at example dot com`, `jane AT mail DOT example DOT org`, `jane at mail.example dot com`), an
 * alphabetic TLD. The local part starts at a token start only and each label is one run, so the scan is linear.
 * Leaves alone prose with a literal dot only (`available at github.com`, `docs at docs.python.org`) and `at`
 * without a spelled `dot` (`meet me at home`).
 */
export const EMAIL_SPELLED = builtOnFirstUse(
	String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._+-]{1,64}[ \t]{1,3}at[ \t]{1,3}(?:[\p{L}\p{N}-]{1,63}(?:\.|[ \t]{1,3}dot[ \t]{1,3})){0,9}[\p{L}\p{N}-]{1,63}[ \t]{1,3}dot[ \t]{1,3}\p{L}{2,63}(?![\p{L}\p{N}-])`,
	'giu',
);

/** Prefilter for {@link EMAIL_OBFUSCATED}: a bracketed `at`. */
export const EMAIL_OBFUSCATED_HINT = /[[({<][ \t]{0,2}at[ \t]{0,2}[\])}>]/i;

/**
 * Email addresses with a quoted local part (RFC 5322: `"Jane Doe"@example.com`): a double-quoted run of 1–64
 * characters without a line break, `@` (or `%40`), and a domain as in {@link EMAIL}. Each start is a `"`, and the
 * run is bounded, so the scan is linear. The sanitizer runs it only on strings holding `"@`. Leaves alone:
 * `"quoted" @ home` with a space before the `@`.
 */
export const EMAIL_QUOTED = builtOnFirstUse(
	String.raw`"[^"\r\n]{1,64}"(?:@|%40)(?:[\p{L}\p{N}-]{1,63}\.){1,10}\p{L}{2,63}(?![\p{L}\p{N}-])`,
	'gu',
);

/**
 * `curl -u user:password`, `--user user:password`, `--user=user:password` (quoted too): group 1 everything up to
 * the password, group 2 the password (up to whitespace or a quote). The user name has no `:`, so each start is
 * scanned once. Leaves alone: `-u user` without a password, `-u` inside a word (`run-u`), `ps -u 1000`.
 */
export const CLI_USER_FLAG =
	/((?<![\w-])(?:-u|--user)(?:[ \t]{1,4}|=)["']?[^\s:"'@/]{1,128}:)([^\s"']{1,256})/g;

/**
 * A password glued to `-p` (`mysql -pS3cret`): group 1 the password, not starting with `-`, `=` or a quote.
 * Only a candidate: the caller accepts it on a MySQL/MariaDB command line, so `docker -p8080:80` stays.
 */
export const CLI_P_FLAG = /(?<![\w-])-p([^\s"'=-][^\s"']{0,255})/g;

/**
 * A password-like flag and its value separated by spaces (`--password S3cret`, `--token abc`, `-password x`):
 * group 1 the flag and the space, group 2 the value (not starting with `-`, so `--password --verbose` stays).
 * The `=` form is read by {@link KEY_VALUE}.
 */
export const CLI_SECRET_FLAG =
	/((?<![\w-])--?(?:password|passwd|pass|pwd|secret|token|api-key|apikey|auth-token|access-token|client-secret)[ \t]{1,4}["']?)([^\s"'-][^\s"']{0,255})/gi;

/**
 * Environment variable names that hold a credential with the word glued on (`PGPASSWORD`, `SSHPASS`,
 * `MYSQL_PWD`, `REDISCLI_AUTH`, `GITHUB_TOKEN`): upper case, ending in one of the credential words. Tested on a
 * whole key. Leaves alone: `BYPASS`, `COMPASS`, `PWD`, `OLDPWD` (the working directory), lower-case names.
 */
export const CREDENTIAL_ENV_NAME =
	/^(?:SSHPASS|[A-Z][A-Z\d_]{0,40}(?:PASSWORD|PASSWD|_PWD|SECRET|TOKEN|APIKEY|_AUTH|_PASS))$/;

/**
 * A national number written with a slash after the trunk-prefixed area code, the German and Austrian way
 * (`030/1234567`, `030 / 123 4567`, `02288 / 49537`, `011/1523457988`): `0` and 1–5 digits, a `/` with at most
 * one space or tab each side, then 1–10 digits (`0867 / 4 42 61`) and up to four more groups separated by one
 * space or dash.
 * Not entered after a digit, `/`, `.`, `-` or word character, nor followed by a digit or `/` — so dates
 * (`05/12/2024`), fractions and paths stay. The caller demands 7–13 digits in all.
 */
export const NATIONAL_SLASH =
	/(?<![\w/.,-])0\d{1,5}[ \t]?\/[ \t]?\d{1,10}(?:[ -]\d{1,8}){0,4}(?![\d/]|[.,]\d)/g;

/**
 * A phone number in the path of a messaging link: `wa.me/<number>` (WhatsApp's click-to-chat, digits with the
 * country code, `+` tolerated) and `t.me/+<number>`. Group 1 the number (6–15 digits; six only for a region with
 * short numbers, `national-phones.isShortInternational`). Leaves alone:
 * `wa.me/message/<code>`, `t.me/<username>`.
 */
export const MESSAGING_PHONE = /(?<![\w.-])(?:www\.)?(?:wa\.me\/|t\.me\/\+)(\+?\d{6,15})(?!\d)/gi;

/**
 * A city name from a CDN's location header (the client's `identity.ts`): letters and marks of any script,
 * digits, spaces, and `' ’ . , ( ) -` between them. Anchored on both ends. Leaves out (the city is removed):
 * markup, quotes other than the apostrophes, `@`, `/`, `:` and control characters.
 */
export const CITY_NAME = builtOnFirstUse(
	String.raw`^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}\u0020'\u2019.,()-]*[\p{L}\p{M}\p{N}.)])?$`,
	'u',
);

/** A whole marker we (or a custom pattern) produced: `[UPPER_CASE]`. Leaves alone `[Redacted]`, `[A-1]`, `[]`. */
export const WHOLE_MARKER = /^\[[A-Z_]+\]$/;

/**
 * A value that is itself an auth scheme word (`Bearer`, `basic`, …) after a sensitive key: `Authorization: Bearer`
 * is a header name and its scheme, not a credential. Leaves alone longer words such as `tokens`.
 */
export const AUTH_SCHEME_WORD = /^(?:bearer|basic|digest|token)$/i;

/**
 * One word as prose writes it: a letter, then small letters or letters of a script without case (`export`,
 * `Required`, `déjà`, `שלום`). A quoted value after a key that is one such word is a word about the key
 * (`Unexpected token 'export'`), not a secret, unless the key names a password ({@link PASSWORD_KEY}). Linear:
 * one class run, anchored.
 */
export const PLAIN_WORD = builtOnFirstUse(String.raw`^\p{L}[\p{Ll}\p{Lo}]*$`, 'u');

/**
 * A key that names a password itself (`password`, `new_passwd`, `Passwort`, `pwd`, `passphrase`, `passcode`),
 * at the end of the key: a quoted word after it was chosen by a person (`password "letmein"`), so it is not read
 * as a word about the key as {@link PLAIN_WORD} is after `token`. Leaves alone `token`, `secret`, `passage`.
 * Linear: an alternation of fixed words anchored at the end, tried at each position of a key of at most 64
 * characters.
 */
export const PASSWORD_KEY = /(?:pass(?:word|wd|wort|phrase|code)|pwd)$/i;

/**
 * Any character other than a letter or sentence punctuation: a value after a prose separator (`password is X`)
 * must contain one to be a credential. Leaves alone plain words (`password is required.`).
 */
export const NOT_PROSE = builtOnFirstUse(String.raw`[^\p{L}.,!?;:]`, 'u');

/**
 * Key names whose high-entropy value is reported as an API key rather than a generic secret: `key`, `token` or
 * `secret` anywhere in the key. Leaves alone `password`, `pin` (their values stay `secret`).
 */
export const API_KEY_NAME = /key|token|secret/i;

/**
 * Phone formatting of its own (`+`/`(` first, or a `.`/`-` between digits): inside a longer number run, a
 * sub-run is a phone only with it. Leaves alone sub-runs separated by spaces only (`2 97 79 90 33`).
 */
export const PHONE_FORMATTING = /^[+(]|\d[.-]\d/;

/**
 * `version` and up to three non-word characters at the end of the text before a dotted quad: `version 1.2.3.4`
 * is a version, not an address. Leaves alone `versions`, `v.` (the caller checks a bare `v` itself).
 */
export const VERSION_BEFORE = /version\W{0,3}$/i;

/**
 * A host that is a dotted quad (four groups of 1–3 digits); `checks.isPublicIpv4` then judges it. Leaves alone
 * host names with digits (`web1.example.com`) and anything with a fifth group.
 */
export const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Card grouping: `4111 1111 1111 1112` (4-4-4-4) and `3782 822463 10005` (4-6-5 / 4-6-4), with spaces or
 * dashes. A Luhn failure in that shape is an order number, kept whole rather than split into sub-runs.
 * Leaves alone every other grouping, which is searched for sub-runs.
 */
export const CARD_GROUPING = /^\d{4}(?:[ -]\d{4}){3}$|^\d{4}[ -]\d{6}[ -]\d{4,5}$/;

/**
 * A scheme and `//` at the start (`https://`, `git+ssh://`): `detect` then also judges a string as a URL.
 * Leaves alone `mailto:`, `urn:`, `C:\` (no `//`).
 */
export const URL_SCHEME_START = /^[a-z][\w+.-]{0,30}:\/\//i;

/** Any whitespace: a string with one is not judged as a URL by `detect`. */
export const WHITESPACE = /\s/;

/** Leading slashes, removed before a re-encoded URL that failed to parse is made a root-relative path. */
export const LEADING_SLASHES = /^\/+/;

/**
 * An unpaired UTF-16 surrogate (a high one not followed by a low one, or a low one not after a high one):
 * `encodeURIComponent` throws on it, so it is replaced by U+FFFD first. Leaves alone valid pairs (emoji).
 */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The separators between the digit groups of a number run: `+44 (20) 7946-0958` → `44`, `20`, `7946`, `0958`. */
export const NUMBER_GROUP_SEPARATORS = /[ ().-]+/;

/**
 * A capitalised word (`Password`, `Authorization`): never a Bearer/Basic credential, even at 12+ mixed-case
 * characters. Leaves alone camelCase and anything with a second capital (`AbCdEfGhIjKl`).
 */
export const CAPITALISED_WORD = /^[A-Z][a-z]+$/;

/** The stateful regex flags (`g`, `y`), removed to probe a custom pattern against the empty string. */
export const STATEFUL_FLAGS = /[gy]/g;

/**
 * A code unit from U+00A0 up, where every look-alike that `fold.ts` folds lies: the check most strings (ASCII)
 * stop at. A regex, because the engine's compiled class scan reads an ASCII string about twice as fast as a
 * `charCodeAt` loop. One character class, no quantifier: linear.
 */
export const FOLDABLE_RANGE = /[\u00A0-\uFFFF]/;
