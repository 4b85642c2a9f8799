/**
 * National ids found without a label by their check characters (issue 15): the Italian codice fiscale, built from
 * @faker-js/faker's Italian names and birth dates by the rules of the Agenzia delle Entrate (consonants, then
 * vowels, of the surname and name; year, month letter, day plus 40 for women; a municipality's cadastral code;
 * the check letter from the odd/even tables of DM 23/12/1976), and the Brazilian CPF (Receita Federal: nine
 * digits and two mod-11 check digits) written `ddd.ddd.ddd-dd`. Keep cases: the same shapes with a wrong check
 * character, which are codes, not ids. The check code here is written apart from `src/sanitize/national-ids.ts`.
 */
import type {CaseSink} from './case.js';
import {fakerFor} from './fakers.js';
import {DIGITS, type Rng} from './random.js';

const MONTHS = 'ABCDEHLMPRST';
/** Cadastral codes of Rome, Milan, Naples, Turin, Palermo, Genoa, Bologna, Florence. */
const TOWNS = ['H501', 'F205', 'F839', 'L219', 'G273', 'D969', 'A944', 'D612'];
/** DM 23/12/1976, the odd-position values of `0`–`9` and `A`–`Z`. */
const ODD: Readonly<Record<string, number>> = Object.fromEntries(
	[...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [
		c,
		[
			1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
			16, 10, 22, 25, 24, 23,
		][i] as number,
	]),
);

function letters(name: string): {consonants: string; vowels: string} {
	const up = name
		.normalize('NFD')
		.replace(/[^A-Z]/gi, '')
		.toUpperCase();
	return {consonants: up.replace(/[AEIOU]/g, ''), vowels: up.replace(/[^AEIOU]/g, '')};
}

function part(name: string, isFirstName: boolean): string {
	const {consonants, vowels} = letters(name);
	if (isFirstName && consonants.length >= 4) return consonants[0]! + consonants[2]! + consonants[3]!;
	return `${consonants}${vowels}XXX`.slice(0, 3);
}

function checkLetter(body: string): string {
	let sum = 0;
	[...body].forEach((c, i) => {
		sum += i % 2 === 0 ? (ODD[c] as number) : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
	});
	return String.fromCharCode(65 + (sum % 26));
}

/** A codice fiscale of one of faker's Italian people. */
function codiceFiscale(rng: Rng): string {
	const f = fakerFor('it', rng);
	const female = rng.chance(0.5);
	const sex = female ? 'female' : 'male';
	const born = f.date.birthdate({min: 18, max: 90, mode: 'age'});
	const day = born.getUTCDate() + (female ? 40 : 0);
	const body =
		part(f.person.lastName(), false) +
		part(f.person.firstName(sex), true) +
		String(born.getUTCFullYear() % 100).padStart(2, '0') +
		MONTHS[born.getUTCMonth()]! +
		String(day).padStart(2, '0') +
		rng.pick(TOWNS);
	return body + checkLetter(body);
}

/** A CPF: nine random digits and the two check digits, written `ddd.ddd.ddd-dd`. */
function cpf(rng: Rng): string {
	const d = [...rng.string(9, DIGITS)].map(Number);
	for (const n of [9, 10]) {
		const sum = d.slice(0, n).reduce((acc, x, i) => acc + x * (n + 1 - i), 0);
		const r = sum % 11;
		d.push(r < 2 ? 0 : 11 - r);
	}
	const s = d.join('');
	return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

/** The id with its last check character changed: a code of the same shape, no id. */
function broken(id: string): string {
	const last = id.charCodeAt(id.length - 1);
	const next = last <= 57 ? 48 + ((last - 48 + 1) % 10) : 65 + ((last - 65 + 1) % 26);
	return id.slice(0, -1) + String.fromCharCode(next);
}

const TEXTS: readonly ((v: string) => string)[] = [
	(v) => `customer ${v} registered`,
	(v) => `Cliente ${v} aggiornato alle 10:42`,
	(v) => `cadastro ${v} concluído`,
	(v) => `lookup failed for ${v} (retry 2)`,
];

/** 60 codici fiscali and CPFs, unlabelled, and 30 keep codes of their shapes per split. */
export function addCheckedIds(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 90; k++) {
		const italian = rng.chance(0.5);
		const id = italian ? codiceFiscale(rng) : cpf(rng);
		const keep = k % 3 === 2;
		const value = keep ? broken(id) : id;
		const object = rng.chance(0.3);
		const text = rng.pick(TEXTS)(value);
		sink.add({
			kind: object ? 'object' : 'text',
			input: object ? {note: text, step: 2} : text,
			pii: keep ? [] : [{class: 'ssn', value}],
			keep: keep ? [value] : [],
			class: keep ? 'keep' : 'ssn',
			family: keep ? 'keep/national-id-bad-check' : italian ? 'ssn/codice-fiscale' : 'ssn/cpf',
			locale: italian ? 'it' : 'pt_BR',
		});
	}
}
