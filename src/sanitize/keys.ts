/**
 * Sensitive-key rules. A key is split into whole words (camelCase, acronyms, `_`, `-`, `.`, spaces), and
 * judged by its *head*: the last word, after dropping trailing qualifiers such as `id`, `value`, `hash`.
 * That is why `user_password`, `apiKey`, `x-api-key` and `refresh_token` are sensitive while
 * `password_strength`, `token_count`, `max_tokens`, `email_verified`, `has_phone`, `author`,
 * `session_duration_ms` and `card_last4` are not.
 */
import {
	foldWord,
	GLUED_HEADS,
	INTL_HEAD_WORDS,
	intlPhrases,
	INTL_QUALIFIERS,
	INTL_WHOLE_KEYS,
} from './intl-keys.js';
import {isSessionCookieName} from './cookies.js';
import {judgedAsWrittenOrFolded} from './confusables.js';
import {foldLookalikes} from './fold.js';
import {KEY_WORD_BOUNDARY} from './patterns.js';

/** Head words that make a key sensitive on their own (exported for the generated corpora). */
export const HEAD_WORDS: readonly string[] = [
	'password',
	'passwd',
	'pwd',
	'passphrase',
	'pass',
	'passcode',
	'secret',
	'token',
	'apikey',
	'apitoken',
	'accesstoken',
	'refreshtoken',
	'idtoken',
	'authtoken',
	'bearertoken',
	'sessiontoken',
	'sessionid',
	'sessid',
	'auth',
	'authorization',
	'credential',
	'credentials',
	'creds',
	'cookie',
	'cookies',
	'setcookie',
	'session',
	'jwt',
	'bearer',
	'signature',
	'sig',
	'otp',
	'totp',
	'hotp',
	'pin',
	'cvv',
	'cvc',
	'cvv2',
	'cvc2',
	'csc',
	'ssn',
	'iban',
	'passport',
	'privatekey',
	'secretkey',
	'accesskey',
	'clientsecret',
	'apisecret',
	'csrf',
	'xsrf',
	'csrftoken',
	'xsrftoken',
	'salt',
	'email',
	'emailaddress',
	'phone',
	'phonenumber',
	'telephone',
	'msisdn',
	'cellphone',
	'mobilephone',
	'cardnumber',
	'creditcard',
	'ccnumber',
	'ccnum',
	'taxid',
	'nationalid',
	'sortcode',
	'routingnumber',
	'accountnumber',
	'signingkey',
	'privkey',
	'mnemonic',
	'webhooksecret',
	// one-time codes and second factors written as one word
	'onetimecode',
	'onetimepassword',
	'onetimepin',
	'onetimepasscode',
	'otpcode',
	'totpcode',
	'mfacode',
	'tfacode',
	'twofactorcode',
	'verificationcode',
	'smscode',
	'authcode',
	'securitycode',
	'recoverycode',
	'backupcode',
];

/** `<prev> <head>` pairs that are sensitive although `<head>` alone is not. */
const COMPOUND: Record<string, readonly string[]> = {
	key: [
		'api',
		'access',
		'secret',
		'private',
		'client',
		'signing',
		'encryption',
		'license',
		'licence',
		'auth',
		'master',
		'session',
		'app',
		'service',
		'account',
		'webhook',
		'ssh',
		'gpg',
		'pgp',
		'consumer',
		'subscription',
		'x',
		'admin',
		'write',
		'read',
		'root',
		'stripe',
		'openai',
		'aws',
		'sendgrid',
		'mailgun',
		'twilio',
	],
	number: [
		'card',
		'cc',
		'credit',
		'account',
		'acct',
		'phone',
		'mobile',
		'tel',
		'telephone',
		'ssn',
		'social',
		'passport',
		'iban',
		'routing',
		'tax',
		'cell',
		'contact',
		'whatsapp',
	],
	no: ['card', 'cc', 'account', 'acct', 'phone', 'mobile', 'tel', 'passport', 'ssn'],
	num: ['card', 'cc', 'account', 'acct', 'phone', 'mobile', 'tel', 'ssn'],
	code: [
		'auth',
		'authorization',
		'verification',
		'verify',
		'otp',
		'mfa',
		'sms',
		'reset',
		'recovery',
		'security',
		'access',
		'login',
		'backup',
		'confirmation',
		'twofa',
		'2fa',
		'invite',
		'magic',
		'pairing',
		// one_time_code, twoFactorCode, totpCode, second_factor_code, mfa_pin_code
		'time',
		'onetime',
		'factor',
		'totp',
		'hotp',
		'tfa',
		'pin',
		'passcode',
		'challenge',
		'signin',
		'otc',
	],
	card: ['credit', 'debit'],
	id: ['session', 'sess', 'tax', 'national'],
	// security_answer, secretAnswer, recovery_answer
	answer: ['security', 'secret', 'recovery', 'challenge'],
	link: ['magic', 'reset', 'invite'],
	url: ['webhook', 'magic', 'reset', 'invite', 'callback'],
	secret: [],
};

/** Trailing qualifier words dropped before finding the head (`password_hash` → `password`). */
const QUALIFIERS = [
	'value',
	'val',
	'hash',
	'hashed',
	'string',
	'str',
	'raw',
	'encoded',
	'enc',
	'b64',
	'base64',
	'plain',
	'plaintext',
	'cleartext',
	'text',
	'data',
	'header',
	'hdr',
	'param',
	'confirm',
	'confirmation',
	'again',
	'repeat',
	'new',
	'old',
	'current',
	'input',
	'1',
	'2',
	'digest',
	'base',
];

/** First words that make the key a flag or a measure about the thing, never the thing (`has_phone`, `is_auth`). */
const FLAG_PREFIXES = [
	'has',
	'is',
	'can',
	'should',
	'allow',
	'allows',
	'enable',
	'enabled',
	'use',
	'uses',
	'show',
	'needs',
	'need',
	'require',
	'requires',
	'was',
	'did',
	'want',
	'wants',
	'with',
	'supports',
	'include',
	'includes',
	'num',
	'max',
	'min',
	'total',
	'count',
	'n',
	'avg',
	'mean',
	'missing',
	'no',
	'without',
	'valid',
	'invalid',
];

/** Extra whole keys that are sensitive as URL query parameters (OAuth and signed-URL conventions). */
const QUERY_KEYS = [
	'code',
	'state',
	'key',
	'sid',
	'nonce',
	's',
	'hmac',
	'ticket',
	'mail',
	'x-amz-signature',
	'x-amz-credential',
	'x-amz-security-token',
	'x-goog-signature',
	'x-goog-credential',
];

function toSet(words: readonly string[]): Record<string, true> {
	const set: Record<string, true> = Object.create(null) as Record<string, true>;
	for (const w of words) set[w] = true;
	return set;
}

const HEAD = toSet([...HEAD_WORDS, ...INTL_HEAD_WORDS.map(foldWord)]);
const WHOLE = toSet(INTL_WHOLE_KEYS);
const GLUED = GLUED_HEADS.map(foldWord);
const QUAL = toSet([...QUALIFIERS, ...INTL_QUALIFIERS]);
const FLAGS = toSet(FLAG_PREFIXES);
const COMPOUND_SETS: Record<string, Record<string, true>> = Object.create(null) as Record<
	string,
	Record<string, true>
>;
for (const [head, prevs] of Object.entries(COMPOUND)) COMPOUND_SETS[head] = toSet(prevs);
const QUERY = toSet(QUERY_KEYS);

/** Splits a key into lower-case words: `xApiKey` → `x api key`, `HTTPSProxy` → `https proxy`. */
export function splitKey(key: string): string[] {
	const parts = key.split(KEY_WORD_BOUNDARY);
	const out: string[] = [];
	for (const p of parts) if (p.length > 0) out.push(p.toLowerCase());
	return out;
}

/**
 * Where the head of a key's words is: the last word after dropping trailing qualifiers, or -1 when there is none or
 * the key is a flag or a measure about the thing (`has_phone`, `max_tokens`).
 */
export function keyHeadIndex(words: readonly string[]): number {
	if (words.length === 0) return -1;
	if (words.length > 1 && FLAGS[words[0] ?? ''] === true) return -1;
	return headBeforeQualifiers(words);
}

/** The index of the last of `words` that is no trailing qualifier (`mot de passe actuel` → `passe`); -1 when there are none. */
function headBeforeQualifiers(words: readonly string[]): number {
	let end = words.length - 1;
	while (end > 0 && QUAL[words[end] ?? ''] === true) end--;
	return end;
}

/** Whether `word` ends in a head that languages glue onto others (`benutzerpasswort`, `登录密码`). */
function isGluedHead(word: string): boolean {
	if (word.length < 3) return false;
	for (const g of GLUED) if (word.length > g.length && word.endsWith(g)) return true;
	return false;
}

/** Whether the folded `words` end, at `end`, in one of the phrases of other languages (`mot de passe`). */
function endsInPhrase(words: readonly string[], end: number): boolean {
	if (end === 0) return false;
	for (const p of intlPhrases()) {
		const from = end - p.length + 1;
		if (from < 0 || words[end] !== p[p.length - 1]) continue;
		let i = 0;
		while (i < p.length && words[from + i] === p[i]) i++;
		if (i === p.length) return true;
	}
	return false;
}

/**
 * Whether `key`, read as words, ends in one of the phrases of other languages (`mot de passe`, `numero de cuenta`):
 * how the text pass judges a key of several ASCII words, whose last word alone the main pass has judged.
 */
export function endsInIntlPhrase(key: string): boolean {
	const words = splitKey(key).map(foldWord);
	const end = keyHeadIndex(words);
	return end > 0 && endsInPhrase(words, end);
}

let phraseEnds: Record<string, true> | undefined;

/**
 * Whether a key whose last word is `word` (lower case, folded) may end in a phrase of other languages: `word`
 * ends one, or is a qualifier that may follow a phrase's last word (`mot de passe actuel`).
 */
export function mayCloseIntlPhrase(word: string): boolean {
	phraseEnds ??= toSet(intlPhrases().map((p) => p[p.length - 1] ?? ''));
	return phraseEnds[word] === true || QUAL[word] === true;
}

/**
 * Whether some key made of the last words of `text` could end in a phrase of other languages: true whenever
 * {@link endsInIntlPhrase} holds for a key of those words that ends where `text` ends (its head, the last word
 * after qualifiers, is the same word in both). Lets the text pass skip strings where no such key can end.
 */
export function someKeyEndsInIntlPhrase(text: string): boolean {
	const words = splitKey(text).map(foldWord);
	const end = headBeforeQualifiers(words);
	return end > 0 && endsInPhrase(words, end);
}

/** The built-in verdict on a key's folded words whose head is at `end`. */
function builtInSensitive(words: readonly string[], end: number): boolean {
	const head = words[end] ?? '';
	if (HEAD[head] === true || (end === 0 && WHOLE[head] === true)) return true;
	const prevs = COMPOUND_SETS[head];
	if (prevs !== undefined && end > 0 && prevs[words[end - 1] ?? ''] === true) return true;
	return isGluedHead(head) || endsInPhrase(words, end);
}

/**
 * Compiles a key judge with the user's extra sensitive words. The judge caches its verdicts in a bounded
 * null-prototype map, so the per-event cost of a repeated key is one lookup.
 */
export function createKeyJudge(extraWords: readonly string[], query: boolean): (key: string) => boolean {
	const extraWhole = toSet(extraWords.map((w) => w.toLowerCase()));
	const extraWordSet = toSet(extraWords.flatMap((w) => splitKey(w)).filter((w) => w.length > 0));
	const multiWordExtras = extraWords.map((w) => splitKey(w)).filter((w) => w.length > 1);
	let cache: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
	let size = 0;

	function judge(written: string): boolean {
		// A key typed in full-width forms or with zero-width characters (`ｐａｓｓｗｏｒｄ`) is the same key.
		// Then, if that finds nothing, with Greek and Cyrillic look-alikes of Latin letters folded (`pаssword`).
		return judgedAsWrittenOrFolded(foldLookalikes(written), judgeFolded);
	}

	function judgeFolded(key: string): boolean {
		if (key.length === 0 || key.length > 128) return false;
		const lower = key.toLowerCase();
		if (extraWhole[lower] === true || isSessionCookieName(lower)) return true;
		if (query && QUERY[lower] === true) return true;
		const words = splitKey(key);
		if (words.length === 0) return false;
		for (const phrase of multiWordExtras) if (containsPhrase(words, phrase)) return true;
		const end = keyHeadIndex(words);
		if (end < 0) return false;
		const head = words[end] ?? '';
		if (extraWordSet[head] === true) return true;
		if (head === 'key' && end === 0) return query ? true : false;
		return builtInSensitive(words.map(foldWord), end);
	}

	return (key: string): boolean => {
		const hit = cache[key];
		if (hit !== undefined) return hit;
		const kind = judge(key);
		if (size >= 4096) {
			cache = Object.create(null) as Record<string, boolean>;
			size = 0;
		}
		cache[key] = kind;
		size++;
		return kind;
	};
}

function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
	outer: for (let i = 0; i + phrase.length <= words.length; i++) {
		for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
		return true;
	}
	return false;
}
