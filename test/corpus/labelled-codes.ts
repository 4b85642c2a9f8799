/**
 * Product codes after their labels (`part 118-9368-80`, `Art.-Nr. 1-4628-0645-7`, `ISBN 978-0-7031-0133-4`,
 * `item 036000291452`), issue 15, beside phone numbers after phone words in the same line. The codes are
 * @faker-js/faker's ISBN-10 and ISBN-13 (with dashes or spaces) and UPCs, and its digit patterns for part numbers;
 * the phones are libphonenumber-js's example mobile numbers of the top regions in their national format. Keep
 * strings: the codes (a dashed code of 7 to 13 digits had a phone's shape); PII: the phones.
 */
import type {CountryCode} from 'libphonenumber-js/max';
import type {CaseSink} from './case.js';
import {fakerFor} from './fakers.js';
import {mobileOf, TOP_REGIONS} from './phones.js';
import type {Rng} from './random.js';

const LABELS = [
	'part',
	'Part No.',
	'P/N',
	'item',
	'Item #',
	'model',
	'Art.-Nr.',
	'Artikelnummer',
	'serial',
	'lot',
	'ISBN',
	'EAN',
	'product',
];

/** A code of faker's: an ISBN of either length, a UPC, or a part number in one of its digit patterns. */
function codeOf(rng: Rng): string {
	const f = fakerFor('en', rng);
	switch (rng.int(0, 3)) {
		case 0:
			return f.commerce.isbn({variant: rng.pick([10, 13] as const), separator: rng.pick(['-', ' '])});
		case 1:
			return f.commerce.upc();
		default:
			return f.helpers.replaceSymbols(
				rng.pick(['###-####-##', '####-###-###', '##-####-###', '#### ### ####']),
			);
	}
}

/** 60 labelled codes per split, half of them in a line with a phone number after a phone word. */
export function addLabelledCodes(sink: CaseSink, rng: Rng): void {
	const regions = [...TOP_REGIONS] as CountryCode[];
	for (let k = 0; k < 60; k++) {
		const code = codeOf(rng);
		const label = rng.pick(LABELS);
		const phone = k % 2 === 0 ? mobileOf(rng.pick(regions), rng)?.formatNational() : undefined;
		const line = phone
			? `${label} ${code} back-ordered, call ${phone} for a date`
			: rng.pick([`${label} ${code} shipped`, `stock low: ${label} ${code} (3 left)`]);
		const object = rng.chance(0.3);
		sink.add({
			kind: object ? 'object' : 'text',
			input: object ? {note: line, qty: 3} : line,
			pii: phone ? [{class: 'phone', value: phone}] : [],
			keep: [code],
			class: phone ? 'phone' : 'keep',
			family: phone ? 'phone/beside-labelled-code' : 'keep/labelled-product-code',
			locale: 'en',
		});
	}
}
