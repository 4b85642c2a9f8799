/**
 * How an instance tells what went wrong: a dropped event is counted, warned about (rate-limited, no PII) and
 * handed to `onDrop`; an error goes to `onError`. User hooks never break tracking or delivery.
 */
import type {DropInfo} from '../config/options.js';
import {UmamiGuardError} from '../errors.js';
import type {DropReason, UmamiEvent} from '../types.js';
import {describeEvent, kindOf} from './event-view.js';
import type {InstanceLogger} from './logger.js';
import type {Counters} from './stats.js';

/** The user hooks a reporter calls. */
export interface ReportHooks {
	readonly onDrop?: ((info: DropInfo) => void) | undefined;
	readonly onError?: ((error: Error) => void) | undefined;
}

/** Drops and errors of one instance. */
export class Reporter {
	readonly #counts: Counters;
	readonly #log: InstanceLogger;
	readonly #hooks: ReportHooks;
	readonly #config: {readonly debug: boolean};

	constructor(counts: Counters, log: InstanceLogger, hooks: ReportHooks, config: {readonly debug: boolean}) {
		this.#counts = counts;
		this.#log = log;
		this.#hooks = hooks;
		this.#config = config;
	}

	/** Counts a drop, warns (rate-limited), tells `onDrop`. `label` names an event that was never built. */
	drop(event: UmamiEvent | undefined, reason: DropReason, detail: string, label = 'invalid'): void {
		this.#counts.dropped[reason]++;
		this.#log.drop(reason, detail);
		if (this.#config.debug) {
			// A payload the gate stopped is suspect as a whole, and a bot's never reached the gate: their kind only.
			const shown =
				event === undefined
					? label
					: reason === 'pii_gate' || reason === 'bot_filtered'
						? kindOf(event)
						: describeEvent(event);
			this.#log.debug(`dropped (${reason}): ${detail} — ${shown}`);
		}
		const onDrop = this.#hooks.onDrop;
		if (onDrop) {
			const info: DropInfo = {
				reason,
				event: event
					? reason === 'pii_gate'
						? kindOf(event)
						: (event.payload.name ?? (event.type === 'identify' ? 'identify' : 'pageview'))
					: label,
				detail,
			};
			try {
				onDrop(info);
			} catch {
				// User hooks never break delivery.
			}
		}
	}

	/** Hands `error` to `onError`, if any. */
	error(error: Error): void {
		const onError = this.#hooks.onError;
		if (!onError) return;
		try {
			onError(error);
		} catch {
			// Same as above.
		}
	}

	/**
	 * A hook of the caller's (`beforeSend`, `waitUntil`, an integration's `extraData`) threw: `HOOK_FAILED` to
	 * `onError`. Only the error's class name travels on as `cause`: its message may quote request or user data.
	 */
	hookFailed(message: string, error: unknown): void {
		this.error(new UmamiGuardError('HOOK_FAILED', message, {cause: classOf(error)}));
	}

	/** A bug of ours or a hostile input that slipped through: never reaches the app; counted as invalid. */
	internal(error: unknown): void {
		this.#counts.dropped.invalid++;
		this.#log.drop('invalid', 'an event could not be built');
		this.error(
			// Only the error's class travels on: its message may quote the caller's data.
			new UmamiGuardError('INVALID_INPUT', 'an event could not be built and was dropped', {
				cause: classOf(error),
			}),
		);
	}
}

/** What of a thrown value may travel on: the class name of an error, else the type (never a message). */
function classOf(error: unknown): string {
	return error instanceof Error ? error.name : typeof error;
}
