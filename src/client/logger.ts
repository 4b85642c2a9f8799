import type {Logger} from '../config/options.js';
import {usableProcess} from '../runtime.js';
import type {DropReason} from '../types.js';
import {unref} from '../timers.js';
import {writeAtExitUntilNextTick} from './exit-warning.js';

/** Shortest time between two drop warnings of the same reason when debug is off. */
export const DROP_WARNING_INTERVAL_MS = 30_000;

/**
 * What a warning of a reason adds: why such drops happen and what to do, because these are the drops a first
 * test run meets and cannot explain from the reason's name alone. Said by every warning of the reason (at
 * most one per {@link DROP_WARNING_INTERVAL_MS}), so a repeated warning reads like the first.
 */
const HINTS: Partial<Record<DropReason, string>> = {
	bot_filtered:
		"the request's User-Agent looks like a bot to Umami (curl's, wget's and most HTTP libraries' do), and Umami stores nothing for bots; " +
		"to test by hand, send a browser User-Agent (curl -A 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' …)",
	after_shutdown:
		'tracked after shutdown(): the instance is closed and drops every further event (see stats().state)',
};

/**
 * Reasons whose drops the warnings tell with every cause and its count: `shutdown_timeout` is also the reason
 * when shutdown gave up at once on an unreachable server, where nothing waited for a deadline. Their details
 * are a few fixed texts, so the causes of a warning stay few. Every other reason is told with the first
 * cause of the drops a warning tells (`invalid: event data must be an object, got a string`). A detail is a
 * fixed text of ours, with at most a type, a field name of ours, an endpoint, a status or error code or a
 * configured bound: never a value of the event, nor the API key.
 */
const TOLD_WITH_CAUSE: ReadonlySet<DropReason> = new Set<DropReason>(['shutdown_timeout']);

/**
 * Prints `message` as a `UmamiGuardWarning` through `process.emitWarning`, where there is one; elsewhere
 * (Workers, Next.js middleware on the Edge runtime) through `console.warn`, the log those platforms keep.
 */
export function emitWarning(message: string): void {
	const processObject = usableProcess<{emitWarning: (message: string, type: string) => void}>();
	try {
		if (typeof processObject?.emitWarning === 'function') {
			processObject.emitWarning(message, 'UmamiGuardWarning');
			return;
		}
	} catch {
		// A stand-in that throws: the console below.
	}
	consoleLine('warn', `UmamiGuardWarning: ${message}`);
}

function writeDebug(message: string): void {
	const stderr = usableProcess<{stderr: {write?: (text: string) => void}}>()?.stderr;
	try {
		if (typeof stderr?.write === 'function') {
			stderr.write(`${message}\n`);
			return;
		}
	} catch {
		// The console below.
	}
	consoleLine('error', message);
}

/** One line through the runtime's console, where there is one; never a throw. */
function consoleLine(level: 'warn' | 'error', line: string): void {
	try {
		(globalThis as {console?: Partial<Record<typeof level, (line: string) => void>>}).console?.[level]?.(
			line,
		);
	} catch {
		// Nowhere left to say it.
	}
}

/** The complete logger of one instance: warnings always, debug lines only when debug is on. */
export interface InstanceLogger {
	readonly warn: (message: string) => void;
	/**
	 * A warning that must be seen even when the script ends with `process.exit()` in the same tick (a
	 * configuration warning given at construction): `warn`, plus the synchronous fallback of
	 * `process.emitWarning`'s later tick.
	 */
	readonly warnEvenOnExit: (message: string) => void;
	/** A no-op unless debug is on (so the hot path pays nothing for it). */
	readonly debug: (message: string) => void;
	/**
	 * Counts one drop for the drop warnings. A burst of drops in one synchronous run makes one warning with
	 * its true count (at the end of the run); after a warning, a reason waits `DROP_WARNING_INTERVAL_MS`,
	 * then one warning tells every drop of that reason since the previous one. No count is ever lost.
	 * `detail` is the drop's cause: the first of each reason's untold drops is told, and every cause of
	 * `shutdown_timeout`'s.
	 */
	readonly drop: (reason: DropReason, detail?: string) => void;
	/** Holds every drop warning back (shutdown began) until {@link InstanceLogger.release}. */
	readonly hold: () => void;
	/**
	 * Ends the hold and hands over what no warning has told yet — `dropped 3 events (…)`, with each reason's
	 * count and the hint of a reason not warned about before — or undefined when nothing is untold.
	 */
	readonly release: () => string | undefined;
}

interface ReasonState {
	/** Drops not told by a warning yet. */
	untold: number;
	/** When the last warning of this reason went out. */
	lastWarned: number | undefined;
	/** A warning of this reason is due (at the end of this run, or when its interval is over). */
	scheduled: boolean;
	timer: ReturnType<typeof setTimeout> | undefined;
	/** Untold drops by cause, for the reasons told with every cause ({@link TOLD_WITH_CAUSE}). */
	causes: Map<string, number>;
	/** The cause of the first untold drop, for the other reasons. */
	firstCause: string | undefined;
	/** An untold drop had another cause than the first. */
	otherCauses: boolean;
}

function noop(): void {}

/** `cause`, or with several `cause a (2), cause b (1)`. */
function describeCauses(causes: ReadonlyMap<string, number>): string {
	if (causes.size === 1) return [...causes.keys()].join('');
	return [...causes].map(([cause, count]) => `${cause} (${count})`).join(', ');
}

/**
 * One reason of a warning with its causes, which it forgets (told): `invalid: <cause>`, or `invalid, the
 * first: <cause>` when its drops had other causes too.
 */
function describeReason(name: string, state: ReasonState): string {
	let text = name;
	if (state.causes.size > 0) text = `${name}: ${describeCauses(state.causes)}`;
	else if (state.firstCause !== undefined)
		text = `${name}${state.otherCauses ? ', the first' : ''}: ${state.firstCause}`;
	state.causes.clear();
	state.firstCause = undefined;
	state.otherCauses = false;
	return text;
}

/** `1 event`, `5 events`. */
export function countEvents(count: number): string {
	return `${count} event${count === 1 ? '' : 's'}`;
}

/** Builds the instance logger; every call is guarded so a throwing user logger never reaches the app. */
export function createLogger(
	prefix: string,
	debug: boolean,
	logger: Logger | undefined,
	now: () => number,
): InstanceLogger {
	const warnSink = logger ? (logger.warn?.bind(logger) ?? noop) : emitWarning;
	const debugSink = logger ? (logger.debug?.bind(logger) ?? noop) : writeDebug;
	const warn = (message: string): void => {
		try {
			warnSink(`${prefix} ${message}`);
		} catch {
			// A logger must never break analytics, let alone the app.
		}
	};
	const warnEvenOnExit = (message: string): void => {
		warn(message);
		// A logger of the app's own is called synchronously: only emitWarning's printing waits for a tick.
		if (!logger) writeAtExitUntilNextTick(`${prefix} ${message}`);
	};
	const debugLine = (message: string): void => {
		try {
			debugSink(`${prefix} ${message}`);
		} catch {
			// Same as above.
		}
	};

	const states = new Map<DropReason, ReasonState>();
	let held = false;

	/**
	 * `dropped 5 events (queue_overflow: queue full (10000 events))`, or with several reasons
	 * `(invalid 2: …; duplicate 1: …)` (causes hold commas), plus hints.
	 */
	const describeDrops = (told: readonly [DropReason, ReasonState][]): string => {
		let total = 0;
		const parts: string[] = [];
		const hints: string[] = [];
		for (const [reason, state] of told) {
			total += state.untold;
			const name = told.length === 1 ? reason : `${reason} ${state.untold}`;
			parts.push(describeReason(name, state));
			const hint = HINTS[reason];
			if (hint !== undefined) hints.push(told.length === 1 ? hint : `${reason}: ${hint}`);
			state.untold = 0;
			state.lastWarned = now();
		}
		const because = hints.length > 0 ? `: ${hints.join('; ')}` : '';
		return `dropped ${countEvents(total)} (${parts.join('; ')})${because}`;
	};

	const tell = (reason: DropReason, state: ReasonState): void => {
		state.scheduled = false;
		state.timer = undefined;
		if (held || state.untold === 0) return;
		warn(`${describeDrops([[reason, state]])}; see stats().dropped`);
	};

	const schedule = (reason: DropReason, state: ReasonState): void => {
		state.scheduled = true;
		const wait = state.lastWarned === undefined ? 0 : state.lastWarned + DROP_WARNING_INTERVAL_MS - now();
		// At the end of this synchronous run, so a burst is counted whole; else when the interval is over.
		if (wait <= 0) queueMicrotask(() => tell(reason, state));
		else state.timer = unref(setTimeout(() => tell(reason, state), wait));
	};

	const drop = (reason: DropReason, detail?: string): void => {
		let state = states.get(reason);
		if (state === undefined) {
			state = {
				untold: 0,
				lastWarned: undefined,
				scheduled: false,
				timer: undefined,
				causes: new Map(),
				firstCause: undefined,
				otherCauses: false,
			};
			states.set(reason, state);
		}
		state.untold++;
		if (detail !== undefined) {
			if (TOLD_WITH_CAUSE.has(reason)) state.causes.set(detail, (state.causes.get(detail) ?? 0) + 1);
			else if (state.firstCause === undefined) state.firstCause = detail;
			else if (detail !== state.firstCause) state.otherCauses = true;
		}
		if (!state.scheduled && !held) schedule(reason, state);
	};

	const hold = (): void => {
		held = true;
	};

	const release = (): string | undefined => {
		held = false;
		const untold: [DropReason, ReasonState][] = [];
		for (const [reason, state] of states) {
			if (state.timer !== undefined) clearTimeout(state.timer);
			state.timer = undefined;
			state.scheduled = false;
			if (state.untold > 0) untold.push([reason, state]);
		}
		return untold.length === 0 ? undefined : describeDrops(untold);
	};

	return {warn, warnEvenOnExit, debug: debug ? debugLine : noop, drop, hold, release};
}
