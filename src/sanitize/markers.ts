/**
 * Recognising our own output: a value that already is, or starts with, a marker is never redacted again, so
 * sanitizing is idempotent.
 */
import {MARKERS, TRUNCATED, type PiiClass} from './options.js';
import {WHOLE_MARKER} from './patterns.js';

/** The class of each built-in marker, to report a hit when a whole value turns out to be one item. */
export const MARKER_CLASS: Readonly<Record<string, PiiClass>> = (() => {
	const classes = Object.create(null) as Record<string, PiiClass>;
	for (const [cls, marker] of Object.entries(MARKERS)) classes[marker] = cls as PiiClass;
	return classes;
})();

/** A marker we (or a custom pattern) produced: `[UPPER_CASE]`. */
export function isMarker(s: string): boolean {
	return (
		s.length > 2 &&
		s.charCodeAt(0) === 91 &&
		s.charCodeAt(s.length - 1) === 93 &&
		s.indexOf('[', 1) === -1 &&
		WHOLE_MARKER.test(s)
	);
}

/** A value that starts with one of our `[REDACTED…` markers or `[Truncated]`. */
export function startsWithMarker(s: string): boolean {
	return s.charCodeAt(0) === 91 && (s.startsWith('[REDACTED') || s.startsWith(TRUNCATED));
}
