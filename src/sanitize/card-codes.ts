/**
 * Card verification codes in free text: `cvc 123`, `CVV: 4567`, `csc code 321`. The `key: value` pass already
 * takes `cvc=123`; this one reads the forms without a separator that a person or a form dump writes. Only the
 * digits go; the word stays.
 */
import {CARD_CODE} from './patterns.js';

/**
 * Whether `s` holds `cv` or `cs` (any case) followed by `c` or `v`: a cheap test before the pattern runs. The
 * engine's `indexOf` finds each `c` and `C`, so the letters in between are not read one by one here.
 */
export function mayHoldCardCode(s: string): boolean {
	return holdsCodeAt(s, 'c') || holdsCodeAt(s, 'C');
}

/** Whether some `head` (`c` or `C`) of `s` starts a card code word's first three letters. */
function holdsCodeAt(s: string, head: string): boolean {
	const n = s.length - 2;
	for (let i = s.indexOf(head); i !== -1 && i < n; i = s.indexOf(head, i + 1)) {
		const b = s.charCodeAt(i + 1) | 32;
		const c = s.charCodeAt(i + 2) | 32;
		if ((b === 118 || b === 115) && (c === 99 || c === 118)) return true;
	}
	return false;
}

/** Replaces the digits of each card code in `s` with `marker()`; returns `s` itself when nothing changed. */
export function redactCardCodes(s: string, marker: () => string): string {
	return s.replace(CARD_CODE(), (_m, head: string) => head + marker());
}
