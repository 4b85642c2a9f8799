/**
 * Values that only their key marks as sensitive: numbers under sensitive keys, the spellings of one-time codes and
 * second factors, and the name/value-pair form of form builders, header lists and key-value arrays.
 */
import type {CaseSink} from './case.js';
import {fakerFor} from './fakers.js';
import {DIGITS, type Rng} from './random.js';

/** Key spellings of one-time codes, second factors, PINs and card codes, as apps write them. */
const CODE_KEYS = [
	'otp',
	'one_time_code',
	'oneTimePassword',
	'totp',
	'totpCode',
	'mfa_code',
	'mfaToken',
	'2fa_code',
	'twoFactorCode',
	'verification_code',
	'verifyCode',
	'sms_code',
	'authCode',
	'security_code',
	'passcode',
	'pin',
	'cvv',
	'cvc',
	'otpCode',
	'tfa_token',
] as const;

/** Keys whose value is a credential or personal, for the pair form. */
const PAIR_KEYS = [
	'password',
	'passcode',
	'otp',
	'pin',
	'apiKey',
	'api_key',
	'token',
	'secret',
	'session_id',
	'phone',
	'email',
] as const;

function codeOf(rng: Rng, key: string): string {
	if (key === 'cvv' || key === 'cvc') return rng.string(3, '123456789');
	if (key === 'pin') return rng.string(4, '123456789');
	return rng.string(1, '123456789') + rng.string(5, DIGITS);
}

/** A value for a pair-form key: a faker password or email, a code, or a phone number (digits) that no pattern would flag alone. */
function pairValue(rng: Rng, key: string): string {
	if (key === 'phone') return `${rng.int(6, 9)}${rng.string(7, DIGITS)}`;
	if (key === 'email') return fakerFor(rng.pick(['en', 'de', 'fr', 'es', 'pt_BR']), rng).internet.email();
	if (key === 'pin' || key === 'otp' || key === 'passcode') return codeOf(rng, key);
	return fakerFor('en', rng).internet.password({length: rng.int(10, 18)});
}

/** Numbers (not strings) and code strings under sensitive keys. */
function addCodes(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 100; k++) {
		const key = rng.pick(CODE_KEYS);
		const code = codeOf(rng, key);
		const asNumber = rng.chance(0.6);
		const input = {event: 'login_step', props: {[key]: asNumber ? Number(code) : code, step: 2}};
		sink.add({
			kind: 'object',
			input,
			pii: [{class: 'secret', value: code}],
			keep: ['login_step'],
			class: 'secret',
			family: asNumber ? 'keys/number-under-key' : 'keys/code-spelling',
			locale: 'en',
		});
	}
}

/** `{name: 'password', value: …}`, `{key: 'email', value: …}`, `[[name, value]]` lists. */
function addPairs(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 120; k++) {
		const key = rng.pick(PAIR_KEYS);
		const value = pairValue(rng, key);
		const typed: string | number = key === 'phone' && rng.chance(0.5) ? Number(value) : value;
		const shapes: [string, unknown][] = [
			[
				'pairs/name-value',
				{
					event: 'form_submit',
					props: {
						fields: [
							{name: key, value: typed},
							{name: 'plan', value: 'pro_monthly'},
						],
					},
				},
			],
			[
				'pairs/key-value',
				{
					event: 'form_submit',
					props: {
						attributes: [
							{key, value: typed},
							{key: 'plan', value: 'pro_monthly'},
						],
					},
				},
			],
			[
				'pairs/header-list',
				{
					event: 'webhook_sent',
					props: {
						headers: [
							{name: key === 'token' ? 'X-Auth-Token' : key, value: typed},
							{name: 'plan', value: 'pro_monthly'},
						],
					},
				},
			],
			[
				'pairs/tuples',
				{
					event: 'form_submit',
					props: {
						entries: [
							[key, typed],
							['plan', 'pro_monthly'],
						],
					},
				},
			],
		];
		const [family, input] = rng.pick(shapes);
		const cls = key === 'email' || key === 'phone' ? key : 'secret';
		sink.add({
			kind: 'object',
			input,
			pii: [{class: cls, value}],
			keep: ['pro_monthly'],
			class: cls,
			family,
			locale: 'en',
		});
	}
}

/** Every sensitive-key family. */
export function addSensitiveKeys(sink: CaseSink, rng: Rng): void {
	addCodes(sink, rng);
	addPairs(sink, rng);
}
