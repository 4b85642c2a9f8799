/** The generators themselves: deterministic by seed, splits that differ, labels that hold, coverage. */
import {getCountries} from 'libphonenumber-js/max';
import {describe, expect, it} from 'vitest';
import {textOf} from './case.js';
import {LOCALES} from './fakers.js';
import {generate, generateCorpus} from './index.js';

describe('generated corpora', () => {
	const dev = generate('dev');
	const holdout = generateCorpus('holdout');

	it('is deterministic by seed', () => {
		expect(JSON.stringify(generateCorpus('dev'))).toBe(JSON.stringify(dev.cases));
	});

	it('gives the holdout cases of its own, none shared with dev', () => {
		const devInputs = new Set(dev.cases.map((c) => JSON.stringify(c.input)));
		const shared = holdout.filter((c) => devInputs.has(JSON.stringify(c.input)));
		// Only inputs with a tiny space (a colour, a short code under a fixed key) may meet by chance.
		expect(shared.length / holdout.length).toBeLessThan(0.02);
	});

	it('labels only spans that occur once in the input and keep strings that occur', () => {
		expect(dev.rejected / (dev.cases.length + dev.rejected)).toBeLessThan(0.01);
		for (const c of [...dev.cases, ...holdout]) {
			const text = textOf(c.input);
			for (const p of c.pii) expect(text.split(p.value), c.id).toHaveLength(2);
			for (const k of c.keep) expect(text, c.id).toContain(k);
			expect(c.class === 'keep' ? c.pii.length === 0 : c.pii.length > 0, c.id).toBe(true);
		}
	});

	it('covers every phone region, every faker locale and each family of the issue', () => {
		const locales = new Set(dev.cases.map((c) => c.locale));
		for (const region of getCountries()) expect(locales.has(region), region).toBe(true);
		for (const locale of LOCALES) expect(locales.has(locale), locale).toBe(true);
		const families = new Set(dev.cases.map((c) => c.family));
		for (const f of [
			'phone/national-slash',
			'phone/international-paren0',
			'phone/url-wa.me',
			'phone/url-tel',
			'home/macos',
			'home/linux',
			'home/windows',
			'home/windows-escaped',
			'home/url-encoded',
			'keys/number-under-key',
			'pairs/name-value',
			'pairs/key-value',
			'secret/connect-sid-cookie',
			'secret/cli-curl-u',
			'secret/cli-password-flag',
			'secret/cli-pgpassword',
			'secret/url-userinfo-db',
			'email/obfuscated-brackets',
			'email/obfuscated-parens',
			'email/quoted-local',
			'keep/retina-asset',
			'secret/s3-presigned-url',
			'secret/pem-private-key',
			'keep/public-certificate',
			'keep/count',
			'keep/datetime-intl',
			'keep/date-compact-after-phone-word',
			'keep/timestamp-unix-after-phone-word',
			'keep/upc-a',
			'keep/isbn-10',
			'keep/user-agent',
			'api_key/doppler',
			'api_key/new-relic',
			'api_key/discord-bot',
			'iban/lower-case',
			'iban/dashed',
			'keep/iban-shaped-code',
			'secret/signed-session-bare',
			'secret/homoglyph-key',
			'keep/greek-cyrillic-key',
			'secret/quoted-after-key',
			'keep/quoted-note-after-key',
			'iban/national',
			'iban/glued-lower',
			'keep/iban-glued-code',
		])
			expect(families.has(f), f).toBe(true);
	});
});
