/**
 * The last checks of an event before it is queued, after any `beforeSend`: a revenue row Umami would store
 * wrongly (`invalid`), a User-Agent Umami takes for a bot (`bot_filtered`: it would store nothing), and the
 * final PII gate (`pii_gate`). Each drop is reported.
 */
import type {Scrubber} from '../gate/scrubber.js';
import {revenueProblem} from '../gate/revenue.js';
import type {UmamiEvent} from '../types.js';
import {BotTest} from './bots.js';
import type {Reporter} from './reporting.js';

/** What the checks need of their instance. */
export interface FinalCheckParts {
	readonly scrub: Scrubber;
	readonly report: Reporter;
	/** Whether bot User-Agents are dropped (`filterBots`). */
	readonly filterBots: boolean;
}

/** The final checks of one instance. */
export class FinalChecks {
	readonly #scrub: Scrubber;
	readonly #report: Reporter;
	readonly #bots: BotTest | undefined;

	constructor(parts: FinalCheckParts) {
		this.#scrub = parts.scrub;
		this.#report = parts.report;
		this.#bots = parts.filterBots ? new BotTest() : undefined;
	}

	/**
	 * Whether `event` may be queued; when not, it is reported as dropped. `trustData`: no hook had the event in
	 * hand, so data this call built and proved clean is not scanned again.
	 */
	pass(event: UmamiEvent, trustData: boolean): boolean {
		// After any `beforeSend`: the report must never get a revenue row Umami would store wrongly.
		const problem =
			event.type === 'event' ? revenueProblem(event.payload.name, event.payload.data) : undefined;
		if (problem !== undefined) {
			this.#report.drop(event, 'invalid', problem);
			return false;
		}
		const userAgent = event.payload.userAgent;
		if (userAgent !== undefined && this.#bots !== undefined && this.#bots.isBot(userAgent)) {
			this.#report.drop(
				event,
				'bot_filtered',
				'the User-Agent is a bot to Umami (isbot): it would store nothing',
			);
			return false;
		}
		if (this.#scrub.leaks(event.payload, trustData)) {
			this.#report.drop(event, 'pii_gate', 'personal data still detected after sanitizing');
			return false;
		}
		return true;
	}
}
