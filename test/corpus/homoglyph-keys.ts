/**
 * Sensitive keys written with Greek or Cyrillic look-alikes of their Latin letters (`pаssword` with the Cyrillic
 * `а`, `tοken` with the Greek `ο`) or in full-width forms (`ｐａｓｓｗｏｒｄ`), issue 15: the credential key words of
 * `src/sanitize/keys.ts` with one to all of their replaceable letters swapped, values from @faker-js/faker's
 * `internet.password`, as `key=value` and `key: value` in text, JSON text, URL query keys and object keys. The
 * look-alikes are the Latin entries of Unicode's confusables list (UTS #39, confusables.txt) for these letters,
 * written out here apart from the sanitizer's own table. Keep cases: keys of Russian, Ukrainian and Greek words
 * (faker's departments of those locales) over values that must stay (their cities).
 */
import type {CaseDraft, CaseSink} from './case.js';
import {fakerFor} from './fakers.js';
import type {Rng} from './random.js';
import {CREDENTIAL_WORDS} from './value-words.js';

/** Latin letter → its confusables of other scripts (UTS #39), Cyrillic and Greek. */
const LOOKALIKES: Readonly<Record<string, readonly string[]>> = {
	a: ['\u0430', '\u03b1'],
	c: ['\u0441'],
	e: ['\u0435', '\u03b5'],
	i: ['\u0456', '\u03b9'],
	j: ['\u0458'],
	k: ['\u03ba'],
	o: ['\u043e', '\u03bf'],
	p: ['\u0440', '\u03c1'],
	s: ['\u0455'],
	t: ['\u03c4'],
	u: ['\u03c5'],
	x: ['\u0445', '\u03c7'],
	y: ['\u0443'],
};

/** `word` with one, some or every replaceable letter swapped for a look-alike; undefined when none can be. */
function disguised(rng: Rng, word: string): string | undefined {
	const at = [...word].flatMap((c, i) => (LOOKALIKES[c] ? [i] : []));
	if (at.length === 0) return undefined;
	const swap = new Set(rng.chance(0.5) ? [rng.pick(at)] : at.filter(() => rng.chance(0.5)));
	if (swap.size === 0) swap.add(rng.pick(at));
	return [...word].map((c, i) => (swap.has(i) ? rng.pick(LOOKALIKES[c] ?? [c]) : c)).join('');
}

/** Full-width Latin (`ｐａｓｓｗｏｒｄ`), as CJK keyboards type it. */
function fullWidth(word: string): string {
	return [...word].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
}

function placed(rng: Rng, key: string, value: string, kind: CaseDraft['kind']): unknown {
	if (kind === 'url') return `https://app.example/login?${key}=${value}&step=2`;
	if (kind === 'object') return {[key]: value, step: 2};
	return rng.pick([
		`${key}=${value}`,
		`config loaded ${key}: ${value}`,
		`{"${key}": "${value}", "step": 2}`,
		`${rng.pick(['db', 'smtp'])}_${key}=${value} retries=3`,
	]);
}

function addKeys(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 60; k++) {
		const word = rng.pick(CREDENTIAL_WORDS);
		const key = rng.chance(0.15) ? fullWidth(word) : disguised(rng, word);
		if (key === undefined) continue;
		const value = fakerFor('en', rng).internet.password();
		const kind = rng.pick(['text', 'url', 'object'] as const);
		sink.add({
			kind,
			input: placed(rng, key, value, kind),
			pii: [{class: 'secret', value}],
			keep: [],
			class: 'secret',
			family: 'secret/homoglyph-key',
			locale: 'en',
		});
	}
}

function addKeeps(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 30; k++) {
		const locale = rng.pick(['ru', 'uk', 'el']);
		const f = fakerFor(locale, rng);
		const key = f.commerce.department().toLowerCase();
		const value = f.location.city();
		if (/[\s"'=:&]/.test(value) || /[\s"'=:&]/.test(key)) continue;
		const kind = rng.pick(['text', 'url', 'object'] as const);
		sink.add({
			kind,
			input: placed(rng, key, value, kind),
			pii: [],
			keep: [value],
			class: 'keep',
			family: 'keep/greek-cyrillic-key',
			locale,
		});
	}
}

/** 60 disguised credential keys and 30 keep cases per split. */
export function addHomoglyphKeys(sink: CaseSink, rng: Rng): void {
	addKeys(sink, rng);
	addKeeps(sink, rng);
}
