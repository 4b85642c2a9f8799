/**
 * The words before a number run: each reader answers what its context pattern of `patterns.ts` answers on the
 * text before the run (`PHONE_CONTEXT` on the last 24 characters, the others on the last 32). The slice is cut
 * only when a branch of the classification asks, not once per candidate. Reading the words in code was tried
 * and measured slower than these regexes on the generated mix (see docs/sanitizer.md, Next steps).
 */
import {
	ACCESS_LOG_REQUEST_END,
	ID_CONTEXT,
	PHONE_CONTEXT,
	PHONE_CONTEXT_FAR,
	SSN_CONTEXT,
} from './patterns.js';

/** How much text before a run its context is read from (`PHONE_CONTEXT_FAR` and `ID_CONTEXT` read 32 characters). */
const CONTEXT_BEFORE = 32;

/** How much of it `PHONE_CONTEXT` reads. */
const NEAR_BEFORE = 24;

/** The context window's first index for a run at `end`. */
function windowStart(end: number, size: number): number {
	return end > size ? end - size : 0;
}

/** `ID_CONTEXT` on the 32 characters before `end`: an identifier word and at most three of `\s:=#_-`. */
export function idWordBefore(s: string, end: number): boolean {
	return ID_CONTEXT.test(s.slice(windowStart(end, CONTEXT_BEFORE), end));
}

/** `PHONE_CONTEXT` on the 24 characters before `end`: a phone word, at most two short words, punctuation. */
export function phoneWordBefore(s: string, end: number): boolean {
	return PHONE_CONTEXT.test(s.slice(windowStart(end, NEAR_BEFORE), end));
}

/** `PHONE_CONTEXT_FAR` on the 32 characters before `end`: a phone word one to three short words away. */
export function phoneWordFar(s: string, end: number): boolean {
	return PHONE_CONTEXT_FAR.test(s.slice(windowStart(end, CONTEXT_BEFORE), end));
}

/** `SSN_CONTEXT` on the 32 characters before `end` (read only for nine-digit runs). */
export function ssnWordBefore(s: string, end: number): boolean {
	return SSN_CONTEXT.test(s.slice(windowStart(end, CONTEXT_BEFORE), end));
}

/** `ACCESS_LOG_REQUEST_END` on the 32 characters before `end`: `HTTP/1.1" ` right before. */
export function accessLogRequestBefore(s: string, end: number): boolean {
	// Every match ends in `" `: only then is the slice cut.
	if (end < 2 || s.charCodeAt(end - 1) !== 32 || s.charCodeAt(end - 2) !== 34) return false;
	return ACCESS_LOG_REQUEST_END.test(s.slice(windowStart(end, CONTEXT_BEFORE), end));
}
