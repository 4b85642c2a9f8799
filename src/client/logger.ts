import type {Logger} from '../config/options.js';
import type {DropReason} from '../types.js';

/** Interval between two drop warnings for the same reason when debug is off. */
export const DROP_WARNING_INTERVAL_MS = 30_000;

function emitWarning(message: string): void {
	const processObject = (globalThis as {process?: {emitWarning?: (message: string, type: string) => void}})
		.process;
	if (typeof processObject?.emitWarning === 'function')
		processObject.emitWarning(message, 'UmamiGuardWarning');
}

function writeDebug(message: string): void {
	const stderr = (globalThis as {process?: {stderr?: {write?: (text: string) => void}}}).process?.stderr;
	if (typeof stderr?.write === 'function') stderr.write(`${message}\n`);
}

/** The complete logger of one instance: warnings always, debug lines only when debug is on. */
export interface InstanceLogger {
	readonly warn: (message: string) => void;
	/** A no-op unless debug is on (so the hot path pays nothing for it). */
	readonly debug: (message: string) => void;
	/** Warns about drops, at most once per reason per interval; tells how many were dropped since. */
	readonly drop: (reason: DropReason) => void;
}

function noop(): void {}

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
	const debugLine = (message: string): void => {
		try {
			debugSink(`${prefix} ${message}`);
		} catch {
			// Same as above.
		}
	};
	const lastWarned = new Map<DropReason, number>();
	const pending = new Map<DropReason, number>();
	const drop = (reason: DropReason): void => {
		const count = (pending.get(reason) ?? 0) + 1;
		const time = now();
		const last = lastWarned.get(reason);
		if (last !== undefined && time - last < DROP_WARNING_INTERVAL_MS) {
			pending.set(reason, count);
			return;
		}
		pending.set(reason, 0);
		lastWarned.set(reason, time);
		warn(`dropped ${count} event${count === 1 ? '' : 's'} (${reason}); see stats().dropped`);
	};
	return {warn, debug: debug ? debugLine : noop, drop};
}
