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

/**
 * The letter styles that Unicode's compatibility folding (NFKC) maps back to Latin, read from the engine's own
 * Unicode tables rather than written out: each style of the Mathematical Alphanumeric Symbols (bold, italic,
 * script, fraktur, double-struck, sans-serif, monospace, …: 52 letters from U+1D400 on) and the circled letters.
 * Each style maps a Latin letter to its look-alike; a style lacks a letter where Unicode left a hole.
 */
const COMPAT_STYLES: readonly ReadonlyMap<string, string>[] = (() => {
	const styles: Map<string, string>[] = [];
	const add = (style: number, cp: number): void => {
		const latin = String.fromCodePoint(cp).normalize('NFKC');
		if (!/^[a-z]$/i.test(latin)) return;
		(styles[style] ??= new Map()).set(latin, String.fromCodePoint(cp));
	};
	for (let cp = 0x1d400; cp < 0x1d6a4; cp++) add(Math.floor((cp - 0x1d400) / 52), cp);
	for (let cp = 0x24b6; cp <= 0x24e9; cp++) add(100, cp);
	return styles.filter((s) => s !== undefined);
})();

/** `word` in one style whole, as fancy-text generators write it; undefined when the style lacks a letter. */
function styled(word: string, style: ReadonlyMap<string, string>): string | undefined {
	let out = '';
	for (const c of word) {
		const s = style.get(c);
		if (s === undefined) return undefined;
		out += s;
	}
	return out;
}

/**
 * Credential keys in mathematical or circled letters (`𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝`, `ⓣⓞⓚⓔⓝ`), issue 15, with values from faker's
 * `internet.password`; keep cases: faker's department words in the same styles over its cities. Circled keys are
 * drawn as object and URL keys only: in text they are symbols (Unicode `So`), not letters, and the text passes read
 * no key of them (a gap the report names).
 */
export function addCompatKeys(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 90; k++) {
		const keep = k % 3 === 2;
		const f = fakerFor('en', rng);
		const word = keep ? f.commerce.department().toLowerCase() : rng.pick(CREDENTIAL_WORDS);
		const style = rng.pick(COMPAT_STYLES);
		const key = styled(word, style);
		if (key === undefined) continue;
		const value = keep ? f.location.city() : f.internet.password();
		if (keep && /[\s"'=:&]/.test(value)) continue;
		const circled = (key.codePointAt(0) as number) < 0x10000;
		const kind = rng.pick(circled ? (['url', 'object'] as const) : (['text', 'url', 'object'] as const));
		sink.add({
			kind,
			input: placed(rng, key, value, kind),
			pii: keep ? [] : [{class: 'secret', value}],
			keep: keep ? [value] : [],
			class: keep ? 'keep' : 'secret',
			family: keep ? 'keep/compat-letter-key' : 'secret/compat-letter-key',
			locale: 'en',
		});
	}
}
