/**
 * More vendors' key formats (prefix, alphabet and length as each vendor documents them), in the places
 * `secrets.ts` writes keys: the long tail of CI, hosting, messaging and payment services. Generated after every
 * other family, so the cases of the families before them stay the same.
 */
import type {CaseSink} from './case.js';
import {ALNUM, BASE64, BASE64URL, DIGITS, HEX, type Rng, UPPER} from './random.js';
import {addVendorKey} from './secrets.js';

const BECH32_UPPER = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';

/** [family, make]: one documented format each. */
const MORE_VENDOR_KEYS: readonly [string, (r: Rng) => string][] = [
	['gitlab-pat', (r) => `glpat-${r.string(20, BASE64URL)}`],
	['npm', (r) => `npm_${r.string(36, ALNUM)}`],
	['sendgrid', (r) => `SG.${r.string(22, BASE64URL)}.${r.string(43, BASE64URL)}`],
	['twilio-api-key', (r) => `SK${r.string(32, HEX)}`],
	['huggingface', (r) => `hf_${r.string(34, ALNUM)}`],
	['mailgun', (r) => `key-${r.string(32, HEX)}`],
	['shopify', (r) => `${r.pick(['shpat', 'shpss', 'shpca', 'shppa'])}_${r.string(32, HEX)}`],
	['digitalocean', (r) => `dop_v1_${r.string(64, HEX)}`],
	['databricks', (r) => `dapi${r.string(32, HEX)}`],
	['pypi', (r) => `pypi-AgEIcHlwaS5vcmc${r.string(70, BASE64URL)}`],
	['postman', (r) => `PMAK-${r.string(24, HEX)}-${r.string(34, HEX)}`],
	['linear', (r) => `lin_api_${r.string(40, ALNUM)}`],
	['grafana-service-account', (r) => `glsa_${r.string(32, ALNUM)}_${r.string(8, HEX)}`],
	['sentry-user', (r) => `sntryu_${r.string(64, HEX)}`],
	['supabase', (r) => `sbp_${r.string(40, HEX)}`],
	['doppler', (r) => `dp.st.${r.pick(['dev', 'stg', 'prd'])}.${r.string(40, ALNUM)}`],
	[
		'slack-user',
		(r) =>
			`xoxp-${r.string(12, DIGITS)}-${r.string(12, DIGITS)}-${r.string(13, DIGITS)}-${r.string(32, HEX)}`,
	],
	[
		'slack-app',
		(r) => `xapp-1-A${r.string(10, UPPER + DIGITS)}-${r.string(13, DIGITS)}-${r.string(64, HEX)}`,
	],
	['square', (r) => `EAAA${r.string(60, BASE64URL)}`],
	['telegram-bot', (r) => `${r.string(1, '123456789')}${r.string(9, DIGITS)}:AA${r.string(33, BASE64URL)}`],
	[
		'discord-bot',
		(r) =>
			`${Buffer.from(r.string(1, '123456789') + r.string(17, DIGITS)).toString('base64url')}.${r.string(6, BASE64URL)}.${r.string(38, BASE64URL)}`,
	],
	['mailchimp', (r) => `${r.string(32, HEX)}-us${r.int(1, 21)}`],
	['new-relic', (r) => `NRAK-${r.string(27, UPPER + DIGITS)}`],
	['vault', (r) => `hvs.${r.string(r.int(24, 90), BASE64URL)}`],
	['google-oauth-client-secret', (r) => `GOCSPX-${r.string(28, BASE64URL)}`],
	['google-oauth-access-token', (r) => `ya29.${r.string(r.int(100, 160), BASE64URL)}`],
	['netlify', (r) => `nfp_${r.string(36, ALNUM)}`],
	['pulumi', (r) => `pul-${r.string(40, HEX)}`],
	['age-secret-key', (r) => `AGE-SECRET-KEY-1${r.string(58, BECH32_UPPER)}`],
	['azure-storage-key', (r) => `${r.string(86, BASE64)}==`],
];

/** Every format of {@link MORE_VENDOR_KEYS}, four times each, in the places keys turn up. */
export function addMoreVendorKeys(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 4; k++)
		for (const [family, make] of MORE_VENDOR_KEYS) addVendorKey(sink, rng, family, make(rng));
}
