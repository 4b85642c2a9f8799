/**
 * Greek and Cyrillic letters that look like Latin ones, folded to that Latin letter when a key is judged: a key
 * written with a look-alike (`pаssword` with the Cyrillic `а`, `tοken` with the Greek `ο`) reads as the same key
 * to a person, and was judged as an unknown word, so its value went out. Only keys are folded, never the text
 * around them: a Greek or Russian sentence stays as written. The judge reads a key as written first, so keys of
 * those languages (`пароль`) keep their verdict; the folded key is a second reading.
 *
 * The letters are the Latin look-alikes of Unicode's confusables list (UTS #39) among the common letters of the
 * two scripts, capitals with their capital (`Р` → `P`) and small letters with their small letter (`р` → `p`), so
 * camelCase boundaries stay where they were. Full-width Latin is folded earlier, by `fold.ts`.
 */

/** The first and last code unit of the Greek and Cyrillic blocks, where every letter folded here lies. */
const FROM = 0x0391;
const TO = 0x04bb;

/** Each look-alike and the ASCII letter it folds to. */
const PAIRS: readonly (readonly [number, string])[] = [
	// Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
	[0x0391, 'A'],
	[0x0392, 'B'],
	[0x0395, 'E'],
	[0x0396, 'Z'],
	[0x0397, 'H'],
	[0x0399, 'I'],
	[0x039a, 'K'],
	[0x039c, 'M'],
	[0x039d, 'N'],
	[0x039f, 'O'],
	[0x03a1, 'P'],
	[0x03a4, 'T'],
	[0x03a5, 'Y'],
	[0x03a7, 'X'],
	// Greek small letters: α ε ι κ ν ο ρ τ υ χ
	[0x03b1, 'a'],
	[0x03b5, 'e'],
	[0x03b9, 'i'],
	[0x03ba, 'k'],
	[0x03bd, 'v'],
	[0x03bf, 'o'],
	[0x03c1, 'p'],
	[0x03c4, 't'],
	[0x03c5, 'u'],
	[0x03c7, 'x'],
	// Cyrillic capitals: Ѕ І Ј А В Е К М Н О Р С Т У Х
	[0x0405, 'S'],
	[0x0406, 'I'],
	[0x0408, 'J'],
	[0x0410, 'A'],
	[0x0412, 'B'],
	[0x0415, 'E'],
	[0x041a, 'K'],
	[0x041c, 'M'],
	[0x041d, 'H'],
	[0x041e, 'O'],
	[0x0420, 'P'],
	[0x0421, 'C'],
	[0x0422, 'T'],
	[0x0423, 'Y'],
	[0x0425, 'X'],
	// Cyrillic small letters: а е о р с у х ѕ і ј һ
	[0x0430, 'a'],
	[0x0435, 'e'],
	[0x043e, 'o'],
	[0x0440, 'p'],
	[0x0441, 'c'],
	[0x0443, 'y'],
	[0x0445, 'x'],
	[0x0455, 's'],
	[0x0456, 'i'],
	[0x0458, 'j'],
	[0x04bb, 'h'],
];

/** The ASCII code of the letter each code unit from {@link FROM} folds to; 0: none. */
const TABLE = new Uint8Array(TO - FROM + 1);
for (const [c, latin] of PAIRS) TABLE[c - FROM] = latin.charCodeAt(0);

/** The Latin letters the look-alikes fold to (exported for the tests and the generated corpora). */
export const CONFUSABLE_LETTERS: ReadonlyMap<string, string> = new Map(
	PAIRS.map(([c, latin]) => [String.fromCharCode(c), latin]),
);

/**
 * Whether the code unit `c` starts a letter that Unicode's compatibility folding (NFKC) turns into a Latin one:
 * the Mathematical Alphanumeric Symbols (`𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝`, `𝘵𝘰𝘬𝘦𝘯`: surrogate pairs led by U+D835) and the circled
 * letters (`ⓟⓐⓢⓢⓦⓞⓡⓓ`), which fancy-text generators write. Full-width forms are folded earlier, by `fold.ts`.
 */
function isCompatLetter(c: number): boolean {
	return c === 0xd835 || (c >= 0x24b6 && c <= 0x24e9);
}

/**
 * `key` with its Greek and Cyrillic look-alikes of Latin letters folded (`pаssword` → `password`), and with NFKC
 * applied when it holds a mathematical or circled letter ({@link isCompatLetter}), or `key` itself when it holds
 * none. An ASCII key costs one pass of comparisons and no string.
 */
export function foldConfusables(written: string): string {
	let key = written;
	let i = 0;
	let n = key.length;
	let normalized = false;
	for (; i < n; i++) {
		const c = key.charCodeAt(i);
		if (c >= FROM && c <= TO && TABLE[c - FROM] !== 0) break;
		if (!normalized && isCompatLetter(c)) {
			// Once, then the loop starts over on the result: NFKC leaves no such letter behind (unassigned code
			// points stay, and are not looked for again).
			key = key.normalize('NFKC');
			n = key.length;
			normalized = true;
			i = -1;
		}
	}
	if (i === n) return key;
	let out = key.slice(0, i);
	for (; i < n; i++) {
		const c = key.charCodeAt(i);
		const f = c >= FROM && c <= TO ? (TABLE[c - FROM] as number) : 0;
		out += f === 0 ? key.charAt(i) : String.fromCharCode(f);
	}
	return out;
}

/**
 * `judge(key)` as written, else of the key with its look-alikes folded: a key of Greek or Cyrillic words keeps its
 * own verdict, and an ASCII key costs one comparison loop. The one way the key judges read keys with look-alikes.
 */
export function judgedAsWrittenOrFolded(key: string, judge: (key: string) => boolean): boolean {
	if (judge(key)) return true;
	const latin = foldConfusables(key);
	return latin !== key && judge(latin);
}
