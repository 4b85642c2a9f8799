/**
 * National ids other than the US SSN, each only where a check character or a label says so: the Spanish DNI and
 * NIE by their mod-23 letter, the French NIR (social security number, 15 digits) by its key, the UK National
 * Insurance number (no check character) after its label, and without a label the Italian codice fiscale and the
 * Brazilian CPF in its written form, by their check characters. Canada's SIN is read as a 9-digit run after its label
 * (`patterns.SSN_CONTEXT`). All are reported as `ssn`.
 */
import {CHECKED_ID, NATIONAL_ID, NINO_CONTEXT} from './patterns.js';

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** The DNI/NIE letter of a number (an NIE's `X`/`Y`/`Z` read as 0/1/2). */
function dniLetter(n: number): string {
	return DNI_LETTERS.charAt(n % 23);
}

/**
 * A French NIR: sex 1–4 or 7–8, month 01–12 or 20–99 (unknown or special), department and commune, and the key
 * 97 − (first 13 digits mod 97). Corsica's `2A`/`2B` departments are not read (they are not all digits).
 */
export function isFrenchNir(digits: string): boolean {
	if (digits.length !== 15) return false;
	const sex = digits.charCodeAt(0) - 48;
	if (!(sex >= 1 && sex <= 4) && sex !== 7 && sex !== 8) return false;
	const month = Number(digits.slice(3, 5));
	if (month === 0 || (month > 12 && month < 20)) return false;
	return 97 - (Number(digits.slice(0, 13)) % 97) === Number(digits.slice(13));
}

/** Whether `s` can hold a {@link NATIONAL_ID}: the scan saw a 7-digit window, or a NINO label may be there. */
export function mayHoldNationalId(s: string, digitWindow: boolean): boolean {
	return digitWindow || s.includes('NI') || s.includes('nsurance') || s.includes('ni ');
}

/** Replaces DNIs and NIEs with a valid letter, and labelled NINOs, in `s` with `marker()`. */
export function redactNationalIds(s: string, marker: () => string): string {
	return s.replace(
		NATIONAL_ID(),
		(
			m: string,
			dni?: string,
			letter?: string,
			nie?: string,
			nieDigits?: string,
			nieLetter?: string,
			nino?: string,
			offset?: number,
		) => {
			if (dni !== undefined) return dniLetter(Number(dni)) === letter ? marker() : m;
			if (nie !== undefined) {
				const n = Number(`${'XYZ'.indexOf(nie)}${nieDigits ?? ''}`);
				return dniLetter(n) === nieLetter ? marker() : m;
			}
			if (nino === undefined || offset === undefined) return m;
			const prefix = nino.slice(0, 2);
			if (
				prefix === 'BG' ||
				prefix === 'GB' ||
				prefix === 'NK' ||
				prefix === 'KN' ||
				prefix === 'TN' ||
				prefix === 'NT' ||
				prefix === 'ZZ'
			)
				return m;
			return NINO_CONTEXT().test(s.slice(Math.max(0, offset - 32), offset)) ? marker() : m;
		},
	);
}

/** The value of each character (`0`–`9` as `A`–`J`) at an odd position of a codice fiscale, by the law's table. */
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** Whether the 16-character `cf` ends in its check letter (odd positions by {@link CF_ODD}, even by value, mod 26). */
export function isCodiceFiscale(cf: string): boolean {
	let sum = 0;
	for (let i = 0; i < 15; i++) {
		const c = cf.charCodeAt(i);
		const v = c <= 57 ? c - 48 : c - 65;
		sum += i % 2 === 0 ? (CF_ODD[v] as number) : v;
	}
	return cf.charCodeAt(15) - 65 === sum % 26;
}

/** Whether the 11 digits of a CPF hold their two mod-11 check digits; one digit repeated is no CPF. */
export function isCpf(digits: string): boolean {
	let same = true;
	for (let i = 1; i < 11; i++) if (digits.charCodeAt(i) !== digits.charCodeAt(0)) same = false;
	if (same) return false;
	for (const n of [9, 10]) {
		let sum = 0;
		for (let i = 0; i < n; i++) sum += (digits.charCodeAt(i) - 48) * (n + 1 - i);
		if (((sum * 10) % 11) % 10 !== digits.charCodeAt(n) - 48) return false;
	}
	return true;
}

/** Whether `run` is written as a CPF is, `ddd.ddd.ddd-dd` (its digits are not checked). */
export function isCpfShape(run: string): boolean {
	return (
		run.length === 14 &&
		run.charCodeAt(3) === 46 &&
		run.charCodeAt(7) === 46 &&
		run.charCodeAt(11) === 45 &&
		!run.includes(' ')
	);
}

/** Replaces each codice fiscale and written CPF whose check characters hold in `s` with `marker()`. */
export function redactCheckedIds(s: string, marker: () => string): string {
	return s.replace(CHECKED_ID(), (m: string, cf?: string) =>
		(
			cf !== undefined
				? isCodiceFiscale(cf)
				: isCpf(m.slice(0, 3) + m.slice(4, 7) + m.slice(8, 11) + m.slice(12))
		)
			? marker()
			: m,
	);
}
