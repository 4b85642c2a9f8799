/**
 * A value of several words after a sensitive key (`password: correct horse battery staple`, `secret = two
 * words`, `password=two words`): the key rule reads one word, so the words after it would stay. The value runs
 * on to the end of its clause — a line end, `,` `;` `&`, a quote or bracket, or the next `key=`/`key:` —
 * unless the clause reads as a sentence: a note about the key (`password: see the docs`, `token: abc expired at
 * noon`), which keeps today's one-word reading. A clause is a sentence when it ends in `.` `!` `?`, runs past
 * {@link MAX_WORDS} words, or holds a function word (an article, pronoun, preposition, conjunction or auxiliary
 * of the languages below). Passphrases are chosen from content words, so their words are not in that list.
 */
import {isBareValueChar} from './key-values.js';

/** More words than this after the first one: a sentence, not a passphrase. */
const MAX_WORDS = 8;

/**
 * Function words of English, German, French, Spanish, Italian, Portuguese and Dutch (lower case, two letters or
 * more), without those that are also common content or Latin filler words (`et`, `una`, `see`, `du`).
 */
const FUNCTION_WORDS = new Set([
	// English
	'the',
	'an',
	'and',
	'or',
	'but',
	'of',
	'to',
	'for',
	'from',
	'with',
	'on',
	'at',
	'by',
	'as',
	'if',
	'is',
	'are',
	'was',
	'were',
	'be',
	'been',
	'has',
	'have',
	'had',
	'not',
	'no',
	'this',
	'that',
	'it',
	'its',
	'you',
	'your',
	'we',
	'our',
	'my',
	'me',
	'he',
	'she',
	'they',
	'their',
	'will',
	'can',
	'must',
	'should',
	'when',
	'after',
	'before',
	'into',
	'than',
	'then',
	// German
	'der',
	'die',
	'das',
	'den',
	'dem',
	'des',
	'ein',
	'eine',
	'einen',
	'und',
	'oder',
	'ist',
	'sind',
	'mit',
	'für',
	'von',
	'zu',
	'im',
	'nicht',
	'bitte',
	'siehe',
	'sie',
	'ihr',
	'wird',
	// French
	'le',
	'la',
	'les',
	'un',
	'une',
	'ou',
	'pour',
	'dans',
	'sur',
	'avec',
	'pas',
	'voir',
	'vous',
	'votre',
	'il',
	'elle',
	'sont',
	// Spanish, Italian, Portuguese
	'el',
	'los',
	'las',
	'del',
	'por',
	'para',
	'su',
	'es',
	'lo',
	'gli',
	'di',
	'da',
	'che',
	'per',
	'os',
	'um',
	'uma',
	'do',
	'não',
	// Dutch
	'het',
	'een',
	'en',
	'van',
	'op',
	'niet',
	'zie',
]);

/** Sentence punctuation at the end of a word. */
function endsSentence(c: number): boolean {
	return c === 46 || c === 33 || c === 63 || c === 0x2026;
}

/** Whether `s[from, to)` is a function word (compared in lower case; short words only). */
function isFunctionWord(s: string, from: number, to: number): boolean {
	return to - from <= 6 && FUNCTION_WORDS.has(s.slice(from, to).toLowerCase());
}

/** A word holding `=` or `:`, or followed by one after spaces or tabs, is the key of the next pair. */
function startsPair(s: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		if (c === 61 || c === 58) return true;
	}
	let i = to;
	while (i < s.length && i - to < 3 && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
	const c = s.charCodeAt(i);
	return c === 61 || c === 58;
}

/** Whether `key` holds no lower-case letter: an environment variable's name (`PGPASSWORD`), as a shell writes it. */
function isShoutedKey(key: string): boolean {
	for (let i = 0; i < key.length; i++) {
		const c = key.charCodeAt(i);
		if (c >= 97 && c <= 122) return false;
	}
	return true;
}

/**
 * Whether a value after `sep` may run on over words: after a `:` or `=`, spaced (`password: …`, `secret = …`)
 * or glued to a key written in lower or mixed case (`password=correct horse battery staple`); not after a prose
 * word (`is`, `was`, `->`), nor a command-line flag (`--password=x`), nor a glued assignment to an upper-case
 * name, a shell's environment variable, where a space ends the value (`PGPASSWORD=x psql -h db`).
 */
export function mayRunOn(s: string, start: number, sep: string, key: string): boolean {
	if (start > 0 && s.charCodeAt(start - 1) === 45) return false;
	if (sep.includes('>') || !(sep.includes(':') || sep.includes('='))) return false;
	return isSpaced(sep) || !isShoutedKey(key);
}

/** Whether the separator ends in a space or tab (`: `, ` = `), else the value is glued to it (`=`, `:`). */
function isSpaced(sep: string): boolean {
	const last = sep.charCodeAt(sep.length - 1);
	return last === 32 || last === 9;
}

/**
 * Where the value whose first word ends at `end` runs to: the end of the last word of its clause, or `end` itself
 * when no word follows or the clause reads as a sentence. Words are separated by one or two spaces or tabs. A
 * value glued to its separator `sep` (`password=x …`) also keeps its one word when a flag follows its words: the words were a command
 * and its arguments (`password=x psql -h db`).
 */
export function valueRunsTo(s: string, end: number, sep: string): number {
	const n = s.length;
	if (endsSentence(s.charCodeAt(end - 1))) return end;
	let words = 0;
	let at = end;
	for (;;) {
		let j = at;
		while (j < n && j - at < 3 && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) j++;
		if (j === at || j - at > 2) break;
		let w = j;
		while (w < n && isBareValueChar(s.charCodeAt(w))) w++;
		if (w === j) break;
		// A flag (`-h`, `--verbose`) or the next `key:` ends the value.
		if (s.charCodeAt(j) === 45) return isSpaced(sep) ? at : end;
		if (startsPair(s, j, w)) break;
		if (++words > MAX_WORDS || isFunctionWord(s, j, w)) return end;
		at = w;
		if (endsSentence(s.charCodeAt(w - 1))) return end;
	}
	return at;
}

/**
 * Whether the words of `s[from, to)` read as a sentence, as a clause after a key does in {@link valueRunsTo}: they
 * end in sentence punctuation, run past {@link MAX_WORDS} words after the first, or hold a function word. For
 * a quoted value after a key (`password "see the docs"` is a note, `password "correct horse"` a passphrase).
 */
export function readsAsSentence(s: string, from: number, to: number): boolean {
	if (to > from && endsSentence(s.charCodeAt(to - 1))) return true;
	let words = 0;
	let i = from;
	while (i < to) {
		while (i < to && isSpaceOrTab(s.charCodeAt(i))) i++;
		if (i === to) break;
		let w = i;
		while (w < to && !isSpaceOrTab(s.charCodeAt(w))) w++;
		if (++words > MAX_WORDS + 1 || isFunctionWord(s, i, w)) return true;
		i = w;
	}
	return false;
}

function isSpaceOrTab(c: number): boolean {
	return c === 32 || c === 9;
}
