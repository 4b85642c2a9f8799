/**
 * `umami-guard/sanitize` — the PII sanitizer, usable on its own.
 *
 * Every URL, event name, property key and value the client queues goes through a {@link Sanitizer}. The
 * module-level helpers use a default sanitizer, built lazily on first use.
 */
import type {PiiClass} from './options.js';
import {createSanitizer, type Sanitizer} from './sanitizer.js';

export {createSanitizer} from './sanitizer.js';
export type {Sanitizer} from './sanitizer.js';
export {MARKERS} from './options.js';
export type {CustomPattern, PiiClass, SanitizerOptions} from './options.js';

let defaults: Sanitizer | undefined;

function getDefault(): Sanitizer {
	defaults ??= createSanitizer();
	return defaults;
}

/**
 * Scrubs free text with the default rules.
 * @example sanitizeText('mail john@example.com') // 'mail [REDACTED_EMAIL]'
 */
export function sanitizeText(s: string): string {
	return getDefault().text(s);
}

/**
 * Scrubs a URL or path with the default rules; the result always parses with `new URL(v, 'https://localhost')`.
 * @example sanitizeUrl('/user/john@example.com/reset?token=abc123') // '/user/[REDACTED_EMAIL]/reset?token=[REDACTED]'
 */
export function sanitizeUrl(url: string): string {
	return getDefault().url(url);
}

/**
 * Scrubs event data with the default rules; returns a new plain object (non-objects become `{value: …}`).
 * @example sanitizeData({email: 'user@test.com', action: 'login'}) // {email: '[REDACTED_EMAIL]', action: 'login'}
 */
export function sanitizeData(obj: unknown): Record<string, unknown> {
	return getDefault().data(obj);
}

/** True when a string, URL or object contains anything the default rules would redact. */
export function isPiiDetected(value: unknown): boolean {
	return getDefault().isPii(value);
}

/** Which classes of personal data a string, URL or object contains — to log the *kind*, never the value. */
export function detectPii(value: unknown): PiiClass[] {
	return getDefault().detect(value);
}
