/**
 * Numbers written in groups after a sensitive key in text (`ssn: 123 45 6789`, `phone: 030 1234567`,
 * `iban: DE89 3704 0044 …`), the way log lines and form dumps write them: phones from libphonenumber-js's example
 * numbers in the national and international formats, IBANs from faker (formatted), SSNs grouped by spaces. The
 * whole number must go, not its first group: the groups after the first are a span of their own. Generated after
 * every other family.
 */
import {getCountries, getExampleNumber} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import type {CaseSink} from './case.js';
import {fakerFor} from './fakers.js';
import {DIGITS, type Rng} from './random.js';

const SEPARATORS = [': ', '=', ' is ', ' = '] as const;

function add(sink: CaseSink, rng: Rng, cls: string, family: string, key: string, value: string): void {
	const input = `${rng.pick(['user updated:', 'form dump', 'WARN validation failed,'])} ${key}${rng.pick(SEPARATORS)}${value} (step 2)`;
	// The groups after the first as a span of their own: a rule that takes the first group only leaves them.
	const tail = value.replace(/^[^ ().-]+[ ().-]+/, '');
	const pii = [
		{class: cls, value},
		...(tail.length >= 3 && tail !== value ? [{class: cls, value: tail}] : []),
	];
	sink.add({
		kind: 'text',
		input,
		pii,
		keep: ['(step 2)'],
		class: cls,
		family,
		locale: 'en',
	});
}

/** 40 phones (random regions), 40 IBANs, 40 SSNs after their keys. */
export function addKeyNumbers(sink: CaseSink, rng: Rng): void {
	const regions = getCountries();
	for (let k = 0; k < 40; k++) {
		const p = getExampleNumber(rng.pick(regions), examples);
		if (p) {
			const written = rng.chance(0.5) ? p.format('NATIONAL') : p.format('INTERNATIONAL');
			if (/\d[ ().-]+\d/.test(written))
				add(sink, rng, 'phone', 'phone/after-key', rng.pick(['phone', 'Phone', 'phone_number']), written);
		}
		const iban = fakerFor('en', rng).finance.iban({formatted: true});
		add(sink, rng, 'iban', 'iban/after-key', rng.pick(['iban', 'IBAN']), iban);
		const area = rng.int(1, 665);
		const ssn = `${String(area).padStart(3, '0')} ${String(rng.int(10, 99))} ${rng.string(4, DIGITS).replace(/^0000$/, '1234')}`;
		add(sink, rng, 'ssn', 'ssn/after-key', rng.pick(['ssn', 'SSN', 'social_security_number']), ssn);
	}
}
