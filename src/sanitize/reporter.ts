/**
 * Where the scans report what they found. A sanitizer compiles its scans once per reporter: one set reports to
 * the user's `onRedact`/`onRemove`, one collects the classes for `detect`, one reports nowhere (to ask whether a
 * whole value is a single item). No scan swaps its reporter while it runs.
 */
import {MARKERS, type NormalizedOptions, type PiiClass} from './options.js';

/** Receives every redaction and every removal of an unstorable value, as it happens. */
export interface Reporter {
	/** One item of class `cls` was replaced by a marker. */
	hit(cls: PiiClass): void;
	/** A value that cannot be stored (`NaN`, `Infinity`) was removed; `what` says which. */
	removed(what: string): void;
}

/** The user's callbacks; an exception from either is swallowed, so counting never breaks sanitizing. */
export class CallbackReporter implements Reporter {
	private readonly onRedact: ((cls: PiiClass) => void) | undefined;
	private readonly onRemove: ((what: string) => void) | undefined;

	constructor(o: NormalizedOptions) {
		this.onRedact = o.onRedact;
		this.onRemove = o.onRemove;
	}

	hit(cls: PiiClass): void {
		// Called as a plain function, as the user passed it: no `this`.
		const onRedact = this.onRedact;
		if (onRedact === undefined) return;
		try {
			onRedact(cls);
		} catch {
			/* a counting callback must never break sanitizing */
		}
	}

	removed(what: string): void {
		const onRemove = this.onRemove;
		if (onRemove === undefined) return;
		try {
			onRemove(what);
		} catch {
			/* a counting callback must never break sanitizing */
		}
	}
}

/** Collects the classes found, each once, in order, for `detect`; removals are not findings. */
export class ClassCollector implements Reporter {
	/** The classes of the current `detect` call; the caller gives it a fresh array per call. */
	found: PiiClass[] = [];

	hit(cls: PiiClass): void {
		if (!this.found.includes(cls)) this.found.push(cls);
	}

	removed(): void {}
}

/** Reports nothing. */
export const SILENT: Reporter = {
	hit() {},
	removed() {},
};

/**
 * One compiled set of scans' link to its reporter. It counts the hits, so the object walk can cache a key's
 * verdict only when judging the key reported nothing.
 */
export class Tally {
	/** Hits reported so far through this tally. */
	hits = 0;
	private readonly reporter: Reporter;

	constructor(reporter: Reporter) {
		this.reporter = reporter;
	}

	/** Reports one item of class `cls`. */
	hit(cls: PiiClass): void {
		this.hits++;
		this.reporter.hit(cls);
	}

	/** Reports one item of a built-in class and returns its marker. */
	mark(cls: Exclude<PiiClass, 'custom'>): string {
		this.hit(cls);
		return MARKERS[cls];
	}

	/** Reports the removal of an unstorable value. */
	removed(what: string): void {
		this.reporter.removed(what);
	}
}
