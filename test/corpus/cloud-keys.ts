/**
 * Cloud credentials that carry no vendor prefix, in the shapes their vendors document: Azure storage account keys
 * (64 random bytes in base64: 86 characters and `==`), bare, in a connection string (`AccountKey=`) and as a
 * SAS `sig=`; AWS secret access keys (40 base64 characters); Discord bot tokens (base64url of the bot's
 * snowflake id, a timestamp, an HMAC; Discord's developer docs, detect-secrets' DiscordBotTokenDetector); Entra
 * (Azure AD) client secrets (gitleaks' `azure-ad-client-secret`: 3 characters, a digit, `Q~`, 31–34 characters).
 * Bare in prose with no key name near, as a log line pastes them. Generated after every other family.
 */
import type {CaseSink} from './case.js';
import {ALNUM, BASE64, BASE64URL, DIGITS, LOWER, type Rng} from './random.js';

/** Sentences with no key name in them: only the value's shape can tell. */
const PROSE: readonly ((x: string) => string)[] = [
	(x) => `deploy failed, used ${x} for build 4821`,
	(x) => `pasted ${x} into the settings page by mistake`,
	(x) => `${x}`,
	(x) => `values: ${x}, region eu-west-1`,
	(x) => `Bitte prüfen: ${x} (Ticket 4821)`,
];

/** `n` random bytes as base64, padded. */
const base64Bytes = (r: Rng, n: number): string => {
	const chars = Math.ceil((n * 4) / 3);
	const pad = (3 - (n % 3)) % 3;
	return r.string(chars, BASE64) + '='.repeat(pad);
};

const BARE: readonly [string, string, (r: Rng) => string][] = [
	['api_key/azure-storage-key-bare', 'api_key', (r) => base64Bytes(r, 64)],
	['secret/aws-secret-access-key-bare', 'secret', (r) => r.string(40, BASE64)],
	[
		'api_key/discord-bot-bare',
		'api_key',
		(r) => {
			const id = `${r.int(1, 9)}${r.string(r.int(16, 18), DIGITS)}`;
			const head = Buffer.from(id).toString('base64url');
			return `${head}.${r.string(6, BASE64URL)}.${r.string(r.pick([27, 38]), BASE64URL)}`;
		},
	],
	[
		'api_key/entra-client-secret',
		'api_key',
		(r) => `${r.string(3, ALNUM)}${r.int(0, 9)}Q~${r.string(r.int(31, 34), `${ALNUM}_.~-`)}`,
	],
];

function add(
	sink: CaseSink,
	family: string,
	cls: string,
	kind: 'text' | 'url',
	input: string,
	value: string,
	keep: string[],
): void {
	sink.add({kind, input, pii: [{class: cls, value}], keep, class: cls, family, locale: 'en'});
}

/** 30 cases of each bare form, 30 connection strings and 30 SAS URLs. */
export function addCloudKeys(sink: CaseSink, rng: Rng): void {
	for (const [family, cls, make] of BARE) {
		for (let k = 0; k < 30; k++) {
			const value = make(rng);
			const input = rng.pick(PROSE)(value);
			add(sink, family, cls, 'text', input, value, input.includes('4821') ? ['4821'] : []);
		}
	}
	for (let k = 0; k < 30; k++) {
		const account = `${rng.string(rng.int(3, 10), LOWER)}${rng.string(2, DIGITS)}`;
		const key = base64Bytes(rng, 64);
		const suffix = 'EndpointSuffix=core.windows.net';
		const conn = `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${key};${suffix}`;
		add(sink, 'api_key/azure-connection-string', 'api_key', 'text', `storage: ${conn}`, key, [suffix]);
		const sig = encodeURIComponent(base64Bytes(rng, 32));
		// Of a SAS token only `sig` is secret: the version, permissions and expiry say what the link allows and until
		// when. They vary with the values already drawn, so the seeded stream (and every later case) stays as it was.
		const n = account.charCodeAt(0) + sig.charCodeAt(0);
		const version = `sv=${['2020-08-04', '2021-06-08', '2022-11-02', '2023-11-03'][n % 4]}`;
		const permissions = `sp=${['r', 'rl', 'racwdl', 'w'][(n >> 2) % 4]}`;
		const expiry = `se=${2025 + (n % 3)}-0${1 + (n % 9)}-1${n % 10}T0${(n >> 1) % 10}:00:00Z`;
		const url = `https://${account}.blob.core.windows.net/uploads/report.pdf?${version}&ss=b&srt=o&${permissions}&${expiry}&spr=https&sig=${sig}`;
		add(sink, 'api_key/azure-sas-signature', 'api_key', 'url', url, sig, [
			'/uploads/report.pdf',
			version,
			permissions,
			expiry,
		]);
	}
}
