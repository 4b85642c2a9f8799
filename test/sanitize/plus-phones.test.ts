/**
 * A number written with a leading `+` is a phone number even when its digits pass the card checks: one phone
 * number in ten passes Luhn, and a German mobile (`+49 151 …`, 13 digits from a `4`) then has a Visa's shape. A
 * new user's trial saw `+49 151 12345678` and `tel:+4915112345678` marked `[REDACTED_CARD]`. Numbers: every
 * region's example mobile number of libphonenumber-js, its last digits varied until the digits pass the card
 * checks and the number is still valid.
 */
import {
	getCountries,
	getExampleNumber,
	parsePhoneNumberFromString,
	type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import {describe, expect, it} from 'vitest';
import {isCard} from '../../src/sanitize/checks.js';
import {sanitizeText} from '../../src/sanitize/index.js';

/**
 * Valid mobile numbers whose digits pass the card checks: each region's example, its last two digits varied and
 * one digit added, kept where libphonenumber-js still finds a valid number of that region.
 */
function cardShapedMobiles(): {region: CountryCode; e164: string; international: string}[] {
	const out: {region: CountryCode; e164: string; international: string}[] = [];
	for (const region of getCountries()) {
		const example = getExampleNumber(region, examples);
		if (example === undefined) continue;
		const national = example.nationalNumber;
		for (const stem of [national.slice(0, -2), national.slice(0, -1)]) {
			for (let tail = 0; tail < 100; tail++) {
				const candidate = `+${example.countryCallingCode}${stem}${String(tail).padStart(national.length + 1 - stem.length - 1, '0')}`;
				const digits = candidate.slice(1);
				if (!isCard(digits)) continue;
				const phone = parsePhoneNumberFromString(candidate);
				if (phone?.isValid() !== true || phone.country !== region) continue;
				out.push({region, e164: candidate, international: phone.formatInternational()});
				break;
			}
		}
	}
	return out;
}

describe('numbers with a leading +', () => {
	const numbers = cardShapedMobiles();

	it('the data holds card-shaped phone numbers (13 digits or more, Luhn-valid): German mobiles among them', () => {
		expect(numbers.map((n) => n.region)).toContain('DE');
	});

	it.each(['%s', 'tel:%s', 'call me on %s', 'Telefon %s'])('are phones, never cards: %s', (shape) => {
		const wrong: string[] = [];
		for (const {e164, international} of numbers) {
			for (const number of [e164, international]) {
				const text = shape.replace('%s', number);
				const out = sanitizeText(text);
				if (out !== shape.replace('%s', '[REDACTED_PHONE]')) wrong.push(`${text} → ${out}`);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('a card number written with a + and too many digits for a phone is still a card', () => {
		expect(sanitizeText('+4111 1111 1111 1111')).toBe('[REDACTED_CARD]');
		expect(sanitizeText('4111 1111 1111 1111')).toBe('[REDACTED_CARD]');
	});
});
