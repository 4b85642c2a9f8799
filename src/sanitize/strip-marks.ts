/**
 * Removing combining marks from an NFD string without building `/\p{M}/u` when it is not needed. The key word
 * lists of other languages are folded when the module loads, and building that Unicode-property pattern is a
 * measurable part of a cold start; the words of those lists (Latin with accents, Greek, Cyrillic, Arabic
 * letters, kana, CJK) only hold code points whose marks two plain character classes know. Anything else goes
 * to the Unicode pattern, so the result is always the pattern's.
 */
import {COMBINING_MARKS, KNOWN_MARKS, OUTSIDE_KNOWN_MARKS} from './patterns.js';

/** `nfd` without its combining marks, exactly as `nfd.replace(/\p{M}/gu, '')` gives it. */
export function stripMarks(nfd: string): string {
	return nfd.replace(OUTSIDE_KNOWN_MARKS.test(nfd) ? COMBINING_MARKS : KNOWN_MARKS, '');
}
