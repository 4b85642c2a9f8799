/**
 * The `00` international prefix typed instead of `+`, in the ways people type it: a space after `00`
 * (`00 44 20 7946 0958`), glued to the digits (`00442079460958`), in brackets (`(0049) 30 1234567`), and the short
 * national numbers of small regions after it (`00683 7522`). Numbers from libphonenumber-js's metadata, as in
 * `phones.ts`; generated after every other family, so the cases before them stay the same.
 */
import {getCountries, getExampleNumber, type CountryCode, type PhoneNumber} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/metadata.max.json';
import type {CaseSink} from './case.js';
import {fill, langOfRegion, PHONE_SENTENCES} from './languages.js';
import {nearbyNumber, parse as valid, TOP_REGIONS} from './phones.js';
import {DIGITS, type Rng} from './random.js';

/** The international format's groups after the country code (`20 7946 0958`). */
const restOf = (p: PhoneNumber): string => p.format('INTERNATIONAL').replace(/^\+\d+[ -]?/, '');

/** [family, write]: `undefined` where the form does not apply. */
const FORMS: readonly [string, (p: PhoneNumber) => string | undefined][] = [
	['phone/idd-00-spaced', (p) => `00 ${p.countryCallingCode} ${restOf(p)}`],
	['phone/idd-00-compact', (p) => `00${p.countryCallingCode}${p.nationalNumber}`],
	['phone/idd-00-bracketed', (p) => `(00${p.countryCallingCode}) ${restOf(p)}`],
];

/** A national number of the region under seven digits that the metadata validates, if the region has one. */
function shortOf(region: CountryCode, rng: Rng): PhoneNumber | undefined {
	const lengths = ((metadata.countries[region] as unknown[])[3] as number[] | undefined) ?? [];
	const short = lengths.filter((l) => l < 7);
	if (short.length === 0) return undefined;
	for (let i = 0; i < 60; i++) {
		const p = valid(rng.string(rng.pick(short), DIGITS), region);
		if (p) return p;
	}
	return undefined;
}

function add(
	sink: CaseSink,
	rng: Rng,
	region: CountryCode,
	family: string,
	written: string,
	type: string,
): void {
	const n = nearbyNumber(rng);
	const sentence = fill(rng.pick(PHONE_SENTENCES[langOfRegion(region)]), written, n);
	sink.add({
		kind: 'text',
		input: sentence,
		pii: [{class: 'phone', value: written}],
		keep: sentence.includes(n) ? [n] : [],
		class: 'phone',
		family,
		locale: region,
		numberType: type,
		regionGroup: TOP_REGIONS.has(region) ? 'top-40' : 'other',
	});
}

/** Every region's example mobile number in the `00` forms, and its short numbers where it has them. */
export function addIddPhones(sink: CaseSink, rng: Rng): void {
	for (const region of getCountries()) {
		const example = getExampleNumber(region, examples);
		if (example) {
			const nsn = example.nationalNumber;
			const tail = Math.min(3, nsn.length - 3);
			const p = valid(nsn.slice(0, nsn.length - tail) + rng.string(tail, DIGITS), region) ?? example;
			const [family, write] = rng.pick(FORMS);
			const written = write(p);
			if (written !== undefined) add(sink, rng, region, family, written, p.getType() ?? 'MOBILE');
		}
		const s = shortOf(region, rng);
		if (s)
			add(
				sink,
				rng,
				region,
				'phone/idd-00-short',
				`00${s.countryCallingCode} ${s.nationalNumber}`,
				s.getType() ?? 'UNKNOWN',
			);
	}
}
