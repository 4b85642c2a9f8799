/**
 * Warnings about a delivery problem that lasts, even with debug off: Umami unreachable (connection refused,
 * DNS, TLS, timeout), answering 5xx to every event, or refusing every event for a reason only the
 * configuration can fix (an unknown website id, no Umami at the address, a redirect, a proxy). Without
 * them an app pointed at a wrong address holds and retries its events for minutes in silence.
 *
 * One warning when the problem starts (a network or server problem once it lasted
 * {@link PROBLEM_WARNING_DELAY_MS}, so a blip that heals sooner stays quiet; a refusal at once), at most
 * one reminder per {@link PROBLEM_REMINDER_INTERVAL_MS} while it lasts and events are at stake, one line
 * when events go through again. Each names the host (never the URL's credentials or path, never the API
 * key), the error class and `umami-guard check`.
 */
import {unref} from '../timers.js';
import type {DeliveryResult} from '../types.js';
import {countEvents} from './logger.js';

/**
 * Longest silence of a Umami that kept answering, for a request the shutdown's deadline cut off to count as
 * one in progress rather than unanswered (or half the deadline, when that is shorter).
 */
const ANSWERING_SILENCE_MS = 1000;

/** Whether `result` is an answer of the server (any HTTP status), not a failure to get one. */
function isAnswer(result: DeliveryResult): boolean {
	return result.status !== 'retry' || result.kind === 'server' || result.kind === 'rate_limited';
}

/** A network or server problem is reported once it has lasted this long. */
export const PROBLEM_WARNING_DELAY_MS = 5000;
/** Shortest time between two reminders of a problem that lasts. */
export const PROBLEM_REMINDER_INTERVAL_MS = 5 * 60_000;

/** What to run to diagnose any delivery problem. */
const CHECK = 'Run `npx umami-guard check` to diagnose it.';

/** Redirects, credentials asked for, refused, no such API: answers that fail every event alike. */
const CONFIG_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308, 401, 403, 404, 405, 407]);

interface Problem {
	/** Identity of the problem: another key is another problem (another error code of it is not). */
	readonly key: string;
	/** What is wrong, safe to log. */
	readonly text: string;
	/** Events are held and retried meanwhile (else they are dropped as `rejected`). */
	readonly held: boolean;
	/** Reported at once: a refusal that only the configuration can fix. */
	readonly immediate: boolean;
}

/** The health warnings of one instance. */
export interface HealthWarnings {
	/** Looks at the results of one batch, sent `ms` ago (default 0; never throws). */
	readonly observe: (results: readonly DeliveryResult[], ms?: number) => void;
	/** A batch leaves at `at`: while it is open, `current` can tell how long Umami has not answered. */
	readonly opened: (at: number) => {readonly close: () => void};
	/** One request's result as it came (before its batch settles): an answer of Umami's is noted. */
	readonly heard: (result: DeliveryResult) => void;
	/** Whether Umami answered a request at or after `at` (by `now`). */
	readonly answeredSince: (at: number) => boolean;
	/**
	 * The problem now, safe to log (for the shutdown warning); undefined when none is known. Without a known
	 * problem, a request the shutdown's deadline (`deadlineMs`) cut off (or still open) is one when Umami
	 * did not answer in time: nothing since the request left, or nothing for half the deadline (at most 1 s).
	 * A request cut off while Umami kept answering the ones before it is no server problem: the deadline was
	 * too short for what waited, which the shutdown warning tells itself.
	 */
	readonly current: (deadlineMs?: number) => string | undefined;
	/**
	 * Shutdown began: no problem warning and no timer from now on, while `observe` still keeps `current` up
	 * to date (the shutdown's own warning tells the problem). The recovery line of an outage already told is
	 * still said: nothing else would tell that the held events went through.
	 */
	readonly silence: () => void;
}

/** What {@link createHealthWarnings} needs. */
export interface HealthWarningOptions {
	/** The configured `apiUrl`; only its host is ever printed. */
	readonly apiUrl: string;
	readonly websiteId: string;
	readonly warn: (message: string) => void;
	/** Events held now (waiting and in flight). */
	readonly held: () => number;
	readonly now: () => number;
}

/** `host:port` of a URL, without credentials or path. */
export function hostOf(url: string): string {
	try {
		return new URL(url).host || 'the configured address';
	} catch {
		return 'the configured address';
	}
}

/** `45 s`, `6 min 3 s`, `2 h 5 min`. */
function duration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The class of a network failure, by its error code, in words a user can act on. */
function networkClass(code: string | undefined): string {
	switch (code) {
		case undefined: {
			return 'network error';
		}
		case 'ECONNREFUSED': {
			return 'connection refused, ECONNREFUSED';
		}
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
		case 'EAI_NONAME':
		case 'EAI_FAIL': {
			return `host name not found, DNS ${code}`;
		}
		case 'EHOSTUNREACH':
		case 'ENETUNREACH': {
			return `host unreachable, ${code}`;
		}
		case 'ETIMEDOUT':
		case 'UND_ERR_CONNECT_TIMEOUT': {
			return `connection timed out, ${code}`;
		}
		case 'ECONNRESET':
		case 'EPIPE':
		case 'UND_ERR_SOCKET': {
			return `connection reset, ${code}`;
		}
		default: {
			return code.includes('CERT') || code.includes('TLS') || code.includes('SSL')
				? `TLS error, ${code}`
				: `network error, ${code}`;
		}
	}
}

/**
 * What a batch's results say about the server: `ok` (it answered and settled events), a problem, or
 * undefined when they say nothing about the whole server (rate limiting, one event's own failure).
 */
function diagnose(
	results: readonly DeliveryResult[],
	host: string,
	websiteId: string,
): Problem | 'ok' | undefined {
	const first = results[0];
	if (first === undefined) return undefined;
	if (results.some((result) => result.status === 'delivered' || result.status === 'bot_filtered'))
		return 'ok';
	if (first.status === 'retry') {
		// Aborted by the shutdown's deadline: says nothing about the server.
		if (first.kind === 'network' && first.detail.startsWith('aborted')) return undefined;
		if (first.kind === 'network' || first.kind === 'timeout') {
			const what = first.kind === 'timeout' ? first.detail : networkClass(first.code);
			return {
				key: 'unreachable',
				text: `cannot reach Umami at ${host} (${what})`,
				held: true,
				immediate: false,
			};
		}
		const everyEvent = results.every(
			(result) => result.status === 'retry' && result.kind === 'server' && result.serverUp !== true,
		);
		if (!everyEvent) return undefined;
		return {
			key: 'failing',
			text: `Umami at ${host} fails every event (${first.detail})`,
			held: true,
			immediate: false,
		};
	}
	if (first.status !== 'rejected') return undefined;
	if (results.some((result) => result.status === 'rejected' && result.websiteNotFound === true)) {
		return {
			key: 'website',
			text: `Umami at ${host} does not know website ${websiteId} (${first.httpStatus === undefined ? '' : `HTTP ${first.httpStatus} `}"website not found"); check UMAMI_WEBSITE_ID (the websiteId option)`,
			held: false,
			immediate: true,
		};
	}
	const status = first.httpStatus;
	const alike = results.every((result) => result.status === 'rejected' && result.httpStatus === status);
	if (status === undefined || !alike || !CONFIG_STATUSES.has(status)) return 'ok';
	const why =
		status === 404 || status === 405
			? "no Umami ingestion API there; check UMAMI_API_URL (the apiUrl option) and Umami's BASE_PATH"
			: status < 400
				? 'a redirect; set UMAMI_API_URL (the apiUrl option) to the final address'
				: "Umami's IGNORE_IP, or a proxy in front of it that asks for credentials";
	return {
		key: `refused ${status}`,
		text: `Umami at ${host} refuses every event (${first.detail}): ${why}`,
		held: false,
		immediate: true,
	};
}

/** Creates the health warnings of one instance. */
export function createHealthWarnings(options: HealthWarningOptions): HealthWarnings {
	const {warn, held, now, websiteId} = options;
	const host = hostOf(options.apiUrl);
	let problem: Problem | undefined;
	let since = 0;
	let warnedAt: number | undefined;
	// The outage as a whole: it may change problems (refused, then 503 while Umami starts); once a warning
	// told of it, its end is told too, whatever problem it ended with.
	let outageSince: number | undefined;
	let told = false;
	// Longest request the shutdown's deadline cut off without an answer, and the batches open now.
	let unansweredMs = 0;
	// When Umami last answered a request: a request cut off while it kept answering is no server problem.
	let lastAnswerAt: number | undefined;
	const open = new Set<{readonly at: number}>();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let silent = false;

	const clearTimer = (): void => {
		if (timer !== undefined) clearTimeout(timer);
		timer = undefined;
	};

	const consequence = (current: Problem): string =>
		current.held ? `${countEvents(held())} held and retried` : 'its events are dropped (rejected)';

	const tell = (lead: string): void => {
		if (problem === undefined || silent) return;
		warnedAt = now();
		told = true;
		warn(`${lead}${problem.text}; ${consequence(problem)}. ${CHECK}`);
	};

	const start = (next: Problem): void => {
		clearTimer();
		problem = next;
		since = now();
		outageSince ??= since;
		warnedAt = undefined;
		if (next.immediate || silent) {
			tell('');
			return;
		}
		timer = unref(
			setTimeout(() => {
				timer = undefined;
				if (warnedAt === undefined) tell('');
			}, PROBLEM_WARNING_DELAY_MS),
		);
	};

	// Said even after `silence`: the shutdown's own warning tells of drops, not that the outage ended.
	const recover = (): void => {
		clearTimer();
		if (told && outageSince !== undefined)
			warn(`Umami at ${host} takes events again after ${duration(now() - outageSince)} of failures`);
		problem = undefined;
		warnedAt = undefined;
		outageSince = undefined;
		told = false;
	};

	const observe = (results: readonly DeliveryResult[], ms: number): void => {
		const first = results[0];
		if (first?.status === 'retry' && first.kind === 'network' && first.detail.startsWith('aborted'))
			unansweredMs = Math.max(unansweredMs, ms);
		const found = diagnose(results, host, websiteId);
		if (found === undefined) return;
		if (found === 'ok') {
			unansweredMs = 0;
			if (problem !== undefined) recover();
			return;
		}
		if (problem?.key !== found.key) {
			start(found);
			return;
		}
		// The same problem, perhaps by another error code: the warnings tell the latest.
		problem = found;
		const current = now();
		if (warnedAt === undefined) {
			if (current - since >= PROBLEM_WARNING_DELAY_MS) tell('');
		} else if (current - warnedAt >= PROBLEM_REMINDER_INTERVAL_MS) {
			tell(`still failing after ${duration(current - since)}: `);
		}
	};

	return {
		observe: (results, ms = 0) => {
			try {
				observe(results, ms);
			} catch {
				// Never a throw from a warning.
			}
		},
		opened: (at) => {
			const entry = {at};
			open.add(entry);
			return {close: () => open.delete(entry)};
		},
		heard: (result) => {
			if (isAnswer(result)) lastAnswerAt = now();
		},
		answeredSince: (at) => lastAnswerAt !== undefined && lastAnswerAt >= at,
		current: (deadlineMs = Number.POSITIVE_INFINITY) => {
			if (problem !== undefined) return `${problem.text} — run \`npx umami-guard check\``;
			const current = now();
			let waited = unansweredMs;
			for (const entry of open) waited = Math.max(waited, current - entry.at);
			if (waited <= 0) return undefined;
			if (lastAnswerAt === undefined)
				return `Umami at ${host} did not answer within ${waited} ms (the request was still open at the deadline) — run \`npx umami-guard check\``;
			const silent = Math.min(waited, current - lastAnswerAt);
			if (silent < Math.min(ANSWERING_SILENCE_MS, deadlineMs / 2)) return undefined;
			return `Umami at ${host} answered earlier requests, then did not answer for ${silent} ms (a request was still open at the deadline) — run \`npx umami-guard check\``;
		},
		silence: () => {
			silent = true;
			clearTimer();
		},
	};
}
