/**
 * Phone numbers from libphonenumber-js's metadata (Google's libphonenumber data): every region's example mobile
 * number (`getExampleNumber` with `examples.mobile.json`), its last digits varied by seed and re-validated, plus
 * numbers of the region's other types found by validating random national numbers of the region's possible
 * lengths against the full metadata. Each is written in one of the library's formats (E.164, international,
 * national, RFC 3966) or the separators people type, in a sentence in the region's language, an event object, or
 * a messaging link.
 */
import {
	getCountries,
	getExampleNumber,
	parsePhoneNumberWithError,
	type CountryCode,
	type PhoneNumber,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/metadata.max.json';
import type {CaseSink} from './case.js';
import {fill, langOfRegion, PHONE_SENTENCES} from './languages.js';
import {DIGITS, type Rng} from './random.js';

type Format = (p: PhoneNumber) => string | undefined;

const separated = (s: string, sep: string): string => s.replace(/[\s-]+/g, sep);

/** The written forms, each `undefined` where it does not apply to a number. */
const FORMATS: Record<string, Format> = {
	e164: (p) => p.format('E.164'),
	international: (p) => p.format('INTERNATIONAL'),
	national: (p) => p.format('NATIONAL'),
	rfc3966: (p) => p.format('RFC3966').replace(/^tel:/, ''),
	'idd-00': (p) => p.format('INTERNATIONAL').replace(/^\+/, '00'),
	'international-dashes': (p) => separated(p.format('INTERNATIONAL'), '-'),
	'international-dots': (p) =>
		p
			.format('INTERNATIONAL')
			.replace(/^(\+\d+) /, '$1.')
			.replace(/ /g, '.'),
	// `+49 (0)30 1234 5678`: the trunk prefix in brackets after the country code.
	'international-paren0': (p) => {
		const national = p.format('NATIONAL');
		if (!national.startsWith('0')) return undefined;
		return `+${p.countryCallingCode} (0)${national.slice(1)}`;
	},
	// `030/12345678`: the trunk-prefixed area code, a slash, the rest (the German way).
	'national-slash': (p) => {
		const national = p.format('NATIONAL');
		const m = /^(0\d+)[\s-](.+)$/.exec(national);
		return m ? `${m[1]}/${(m[2] ?? '').replace(/[\s-]/g, '')}` : undefined;
	},
	'national-slash-spaced': (p) => {
		const m = /^(0\d+)[\s-](.+)$/.exec(p.format('NATIONAL'));
		return m ? `${m[1]} / ${m[2]}` : undefined;
	},
	'national-dots': (p) => {
		const national = p.format('NATIONAL');
		return /[\s-]/.test(national) ? separated(national.replace(/[()]/g, ''), '.') : undefined;
	},
	'national-dashes': (p) => {
		const national = p.format('NATIONAL');
		return /\s/.test(national) ? separated(national.replace(/[()]/g, ''), '-') : undefined;
	},
	'national-pairs': (p) => {
		const digits = p.format('NATIONAL').replace(/\D/g, '');
		if (digits.length < 8) return undefined;
		const head = digits.length % 2 === 0 ? 2 : 3;
		return [digits.slice(0, head), ...(digits.slice(head).match(/\d\d/g) ?? [])].join(' ');
	},
	'national-compact': (p) => {
		const digits = p.format('NATIONAL').replace(/\D/g, '');
		return digits.length >= 7 ? digits : undefined;
	},
};

const FORMAT_NAMES = Object.keys(FORMATS);
const INTERNATIONAL_FORMATS = new Set(
	FORMAT_NAMES.filter((f) => f !== 'national' && !f.startsWith('national-')),
);

/** Keep-strings written beside the number: other numbers in the same sentence, which must survive. */
export function nearbyNumber(rng: Rng): string {
	switch (rng.int(0, 3)) {
		case 0:
			return `#${rng.int(10_000, 999_999)}`;
		case 1:
			return `2024-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
		case 2:
			return `${rng.int(1, 28)}.${rng.int(1, 12)}.2025`;
		default:
			return `A-${rng.int(100, 999)}-${rng.int(10, 99)}`;
	}
}

/** The number the metadata validates for `region`, or undefined. */
export function parse(digits: string, region: CountryCode): PhoneNumber | undefined {
	try {
		const p = parsePhoneNumberWithError(digits, region);
		return p.isValid() && p.country === region ? p : undefined;
	} catch {
		return undefined;
	}
}

/** The region's example mobile number with its last digits varied by seed (re-validated; the example itself when no variant validates). */
export function mobileOf(region: CountryCode, rng: Rng): PhoneNumber | undefined {
	const example = getExampleNumber(region, examples);
	if (!example) return undefined;
	const nsn = example.nationalNumber;
	for (let attempt = 0; attempt < 20; attempt++) {
		const tail = Math.min(4, nsn.length - 3);
		const p = parse(nsn.slice(0, nsn.length - tail) + rng.string(tail, DIGITS), region);
		if (p?.getType() === example.getType()) return p;
	}
	return example;
}

/** Numbers of the region's other types: random national numbers of its possible lengths that the metadata validates. */
function otherTypesOf(region: CountryCode, rng: Rng, tries: number): Map<string, PhoneNumber> {
	const found = new Map<string, PhoneNumber>();
	const lengths = (metadata.countries[region] as unknown[])[3] as number[] | undefined;
	if (!lengths || lengths.length === 0) return found;
	for (let i = 0; i < tries; i++) {
		const p = parse(rng.string(rng.pick(lengths), DIGITS), region);
		const type = p?.getType();
		if (p && type !== undefined && type !== 'MOBILE' && !found.has(type)) found.set(type, p);
	}
	return found;
}

/**
 * The 40 countries with the most web traffic (by users online): their national conventions get three times the
 * cases of other regions, so each has a figure worth reading.
 */
export const TOP_REGIONS: ReadonlySet<string> = new Set(
	'US CN IN JP DE GB BR FR RU KR IT ES CA MX ID TR AU NL PL VN IR SA TW AR TH UA PH EG PK NG MY CO SE CH BE ZA AT IL CL RO'.split(
		' ',
	),
);

function addWritten(sink: CaseSink, rng: Rng, region: CountryCode, type: string, p: PhoneNumber): void {
	// A national number under 7 digits written without its country code is any short number; only the forms
	// that carry the country code are fair to ask for.
	const short = p.nationalNumber.length < 7;
	const usable = FORMAT_NAMES.filter(
		(f) => FORMATS[f]?.(p) !== undefined && (!short || INTERNATIONAL_FORMATS.has(f)),
	);
	const forms = TOP_REGIONS.has(region) ? 6 : 2;
	for (let k = 0; k < forms; k++) {
		const format = rng.pick(usable);
		const written = FORMATS[format]?.(p) ?? '';
		const n = nearbyNumber(rng);
		const sentence = fill(rng.pick(PHONE_SENTENCES[langOfRegion(region)]), written, n);
		const keep = sentence.includes(n) ? [n] : [];
		const pii = [{class: 'phone', value: written}];
		const labels = {
			class: 'phone',
			family: `phone/${format}`,
			locale: region,
			numberType: type,
			regionGroup: TOP_REGIONS.has(region) ? ('top-40' as const) : ('other' as const),
		};
		if (rng.chance(0.75)) sink.add({kind: 'text', input: sentence, pii, keep, ...labels});
		else
			sink.add({
				kind: 'object',
				input: {event: 'contact_form', props: {message: sentence}},
				pii,
				keep,
				...labels,
			});
	}
}

/** Messaging and dialler links: the number is a path segment or a query value. */
function addLink(sink: CaseSink, rng: Rng, region: CountryCode, type: string, p: PhoneNumber): void {
	const e164 = p.format('E.164');
	const digits = e164.slice(1);
	const text = rng.pick(['Hallo', 'hola', 'hi', 'bonjour']);
	const links: [string, string, string, string][] = [
		['wa.me', `https://wa.me/${digits}?text=${text}`, digits, `text=${text}`],
		['wa.me-plus', `https://wa.me/${digits}`, digits, 'https://wa.me/'],
		['whatsapp-send', `https://api.whatsapp.com/send?phone=${digits}&text=${text}`, digits, `text=${text}`],
		['tel', `tel:${e164}`, e164.slice(1), 'tel:'],
		['tel-rfc3966', p.format('RFC3966'), p.format('RFC3966').slice(5), 'tel:'],
		['telegram', `https://t.me/+${digits}`, digits, 'https://t.me/'],
		['sms', `sms:${e164}?body=${text}`, digits, `body=${text}`],
	];
	const [name, url, value, keep] = rng.pick(links);
	sink.add({
		kind: 'url',
		input: url,
		pii: [{class: 'phone', value}],
		keep: [keep],
		class: 'phone',
		family: `phone/url-${name}`,
		locale: region,
		numberType: type,
		regionGroup: TOP_REGIONS.has(region) ? 'top-40' : 'other',
	});
}

/** Adds the phone cases of every region libphonenumber-js knows. */
export function addPhones(sink: CaseSink, rng: Rng): void {
	for (const region of getCountries()) {
		const numbers = otherTypesOf(region, rng, 120);
		const mobile = mobileOf(region, rng);
		if (mobile) numbers.set(mobile.getType() ?? 'MOBILE', mobile);
		for (const [type, p] of numbers) {
			addWritten(sink, rng, region, type, p);
			addLink(sink, rng, region, type, p);
			if (TOP_REGIONS.has(region)) addLink(sink, rng, region, type, p);
		}
	}
}
