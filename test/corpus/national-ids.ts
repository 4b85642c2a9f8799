/**
 * US SSNs in the forms `people.ts` does not write (after `is`, `no.`, `#`; dotted; grouped 3-3-3; the advertising
 * and ITIN ranges after a label) and national ids with a check or a label: UK National Insurance numbers (format
 * rules of HMRC's manual, no check digit: label only), Canadian SINs (Luhn), French NIRs (the two-digit key,
 * 97 − number mod 97) and Spanish DNIs (the mod-23 letter). Keep cases: DNI-shaped codes with a wrong letter and
 * 15-digit numbers with a wrong NIR key, unlabelled. Generated after every other family.
 */
import type {CaseSink} from './case.js';
import {luhn} from './product-codes.js';
import {DIGITS, type Rng} from './random.js';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** A 9-digit SSN; `anyArea` also draws the advertising (987-65-432x) and ITIN (9xx) ranges. */
function ssn(rng: Rng, anyArea: boolean): string {
	if (anyArea && rng.chance(0.5)) return `98765432${rng.int(0, 9)}`;
	const area = anyArea ? rng.int(900, 999) : rng.int(1, 899);
	return `${pad(area === 666 ? 667 : area, 3)}${pad(rng.int(1, 99), 2)}${pad(rng.int(1, 9999), 4)}`;
}

const SSN_LABELS = [
	'SSN is',
	'Social Security Number:',
	'social security no.',
	'SSN#',
	'ssn -',
	'SSN (primary applicant):',
	'ITIN',
	'Taxpayer ID',
] as const;

const group = (d: string, sizes: readonly number[], sep: string): string => {
	const out: string[] = [];
	let at = 0;
	for (const s of sizes) {
		out.push(d.slice(at, at + s));
		at += s;
	}
	return out.join(sep);
};

/** A SIN: Luhn-valid, first digit 1–7 or 9. */
function sin(rng: Rng): string {
	for (;;) {
		const d = `${rng.pick(['1', '2', '3', '4', '5', '6', '7', '9'])}${rng.string(8, DIGITS)}`;
		if (luhn(d)) return d;
	}
}

/** A French NIR: sex, year, month, department, commune, order, and the key 97 − (first 13 mod 97). */
function nir(rng: Rng, keyOffset = 0): string {
	const body = `${rng.int(1, 2)}${pad(rng.int(0, 99), 2)}${pad(rng.int(1, 12), 2)}${pad(rng.int(1, 95), 2)}${pad(rng.int(1, 999), 3)}${pad(rng.int(1, 999), 3)}`;
	const key = 97 - Number(BigInt(body) % 97n);
	return `${body}${pad(((key - 1 + keyOffset) % 97) + 1, 2)}`;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

function dni(rng: Rng, letterOffset = 0): string {
	const n = rng.int(10_000_000, 99_999_999);
	return `${n}${DNI_LETTERS[(n + letterOffset) % 23]}`;
}

/** A NINO: two prefix letters (not D, F, I, Q, U, V; second not O; not BG, GB, NK, KN, TN, NT, ZZ), six digits, A–D. */
function nino(rng: Rng): string {
	const first = 'ABCEGHJKLMNOPRSTWXYZ';
	const second = 'ABCEGHJKLMNPRSTWXYZ';
	for (;;) {
		const p = rng.string(1, first) + rng.string(1, second);
		if (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(p)) continue;
		return `${p}${rng.string(6, DIGITS)}${rng.pick(['A', 'B', 'C', 'D'])}`;
	}
}

/** [family, class, locale, the sentence around `label value`, make: [label, value]]. */
type Form = [string, string, string, (v: string) => string, (r: Rng) => [string, string]];

const PII_FORMS: readonly Form[] = [
	[
		'ssn/labelled',
		'ssn',
		'en_US',
		(v) => `Verified. ${v} on file.`,
		(r) => [r.pick(SSN_LABELS), group(ssn(r, false), [3, 2, 4], r.pick(['-', ' ', '.', '']))],
	],
	[
		'ssn/labelled-other-range',
		'ssn',
		'en_US',
		(v) => `Verified. ${v} on file.`,
		(r) => [r.pick(SSN_LABELS), group(ssn(r, true), [3, 2, 4], r.pick(['-', ' ', '']))],
	],
	[
		'ssn/labelled-3-3-3',
		'ssn',
		'en_US',
		(v) => `Applicant: ${v}, approved`,
		(r) => ['SSN', group(ssn(r, false), [3, 3, 3], r.pick(['-', ' ']))],
	],
	[
		'national-id/uk-nino',
		'national_id',
		'en_GB',
		(v) => `Payroll: ${v}, tax code 1257L`,
		(r) => {
			const n = nino(r);
			const spaced = `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6, 8)} ${n.slice(8)}`;
			return [
				r.pick(['NI number', 'National Insurance number:', 'NINO', 'NI No.']),
				r.chance(0.5) ? n : spaced,
			];
		},
	],
	[
		'national-id/ca-sin',
		'national_id',
		'en_CA',
		(v) => `Employee record: ${v}, start 2024-03-15`,
		(r) => [
			r.pick(['SIN', 'SIN:', 'Social Insurance Number', 'NAS']),
			group(sin(r), [3, 3, 3], r.pick([' ', '-', ''])),
		],
	],
	[
		'national-id/fr-nir',
		'national_id',
		'fr',
		(v) => `Dossier mis à jour, ${v}, le 15/03/2024`,
		(r) => {
			const n = nir(r);
			return [
				r.pick(['n° sécu', 'NIR :', 'numéro de sécurité sociale', 'réf.']),
				r.chance(0.5) ? n : group(n, [1, 2, 2, 2, 3, 3, 2], ' '),
			];
		},
	],
	[
		'national-id/es-dni',
		'national_id',
		'es',
		(v) => `Cliente con ${v} registrado el 15/03/2024`,
		(r) => [r.pick(['DNI', 'NIF', 'DNI:', 'documento']), dni(r)],
	],
];

const KEEP_FORMS: readonly [string, (r: Rng) => string, (v: string) => string][] = [
	['keep/dni-shaped-bad-letter', (r) => dni(r, r.int(1, 22)), (v) => `Lote ${v} enviado`],
	['keep/nir-shaped-bad-key', (r) => nir(r, r.int(1, 96)), (v) => `Référence ${v} expédiée`],
];

/** 30 cases of each PII form and 30 of each keep form. */
export function addNationalIds(sink: CaseSink, rng: Rng): void {
	for (const [family, cls, locale, around, make] of PII_FORMS) {
		for (let k = 0; k < 30; k++) {
			const [label, value] = make(rng);
			sink.add({
				kind: 'text',
				input: around(`${label} ${value}`),
				pii: [{class: cls, value}],
				keep: [],
				class: cls,
				family,
				locale,
			});
		}
	}
	for (const [family, make, around] of KEEP_FORMS) {
		for (let k = 0; k < 30; k++) {
			const value = make(rng);
			sink.add({
				kind: 'text',
				input: around(value),
				pii: [],
				keep: [value],
				class: 'keep',
				family,
				locale: 'fr',
			});
		}
	}
}
