/**
 * An error message about a bad value never shows a credential or an identifying number, also when it was pasted
 * under a key that expects none (an API key in UMAMI_WEBSITE_ID): the values come from the generated corpus
 * (vendors' documented key formats, faker, libphonenumber-js), not from this file.
 */
import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../src/errors.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {generateCorpus} from '../corpus/index.js';

function messageFor(env: Record<string, string>): string {
	try {
		resolveConfig('x', {env, configFile: false});
	} catch (caught) {
		expect(caught).toBeInstanceOf(ConfigError);
		return (caught as ConfigError).message;
	}
	throw new Error('expected a ConfigError');
}

/** The PII spans of the dev corpus whose class holds credentials and identifying numbers. */
function spans(): {cls: string; value: string}[] {
	const hidden = new Set(['api_key', 'jwt', 'card', 'iban', 'ssn', 'national_id', 'phone']);
	const out: {cls: string; value: string}[] = [];
	for (const c of generateCorpus('dev'))
		for (const p of c.pii) {
			if (!hidden.has(p.class)) continue;
			// A phone's short groups (`4567`) are spans of their own; a number is withheld from six digits.
			if (p.class === 'phone' && p.value.replace(/\D/g, '').length < 6) continue;
			out.push({cls: p.class, value: p.value});
		}
	return out;
}

describe('bad values in error messages', () => {
	it('never shows a key, token, card, IBAN, national id or phone number pasted as the website id', () => {
		const all = spans();
		expect(all.length).toBeGreaterThan(1000);
		const shown = all.filter(({value}) => messageFor({UMAMI_WEBSITE_ID: value}).includes(value));
		expect(shown).toEqual([]);
	});

	it('says how long the hidden value was', () => {
		expect(messageFor({UMAMI_WEBSITE_ID: 'api_Kx8mZq2LrT5vW9yB3nD7fH1jP4sU6'})).toContain(
			'got a string of 33 characters',
		);
		expect(messageFor({UMAMI_WEBSITE_ID: '4155552671'})).toContain('got a string of 10 characters');
	});

	it('still shows words and short numbers, which help the user', () => {
		for (const value of ['not-a-uuid', 'my-site', 'undefined', '1234'])
			expect(messageFor({UMAMI_WEBSITE_ID: value})).toContain(`"${value}"`);
		expect(messageFor({UMAMI_API_URL: 'localhost:3000'})).toContain('"localhost:3000"');
	});

	it('hides a token of the longest length a value may be shown at', () => {
		const long = 'a1_'.repeat(13) + 'x'; // 40 characters
		expect(messageFor({UMAMI_WEBSITE_ID: long})).toContain('got a string of 40 characters');
	});
});
