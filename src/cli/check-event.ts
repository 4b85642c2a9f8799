/**
 * The test event of `umami-guard check`: one event sent through the library itself to `/api/send` (one
 * request, one answer: a batch hides bot drops), and what Umami's answer means when it was not accepted.
 */
import {UmamiAnalytics} from '../client/analytics.js';
import type {DropInfo} from '../config/options.js';
import type {ResolvedConfig} from '../config/resolve.js';
import type {CheckContext} from './check-context.js';
import type {CheckOutcome} from './check-report.js';
import type {ExitCode} from './io.js';
import {recordingFetch, type LastAnswer} from './shared.js';

/** The URL of the test event: one filter on it hides every test event in Umami's reports. */
export const CHECK_EVENT_URL = '/umami-guard/check';
/** The start of the test event's name (`umami_guard_check_` and 8 random letters). */
export const CHECK_EVENT_PREFIX = 'umami_guard_check_';
/** The test event's data: says in Umami's event data where it came from. */
const CHECK_EVENT_DATA = {source: 'umami-guard check'};

/** The event Umami accepted: its name and when it was sent (to find it again). */
export interface SentEvent {
	readonly name: string;
	readonly sentAt: number;
}

function letters(length: number): string {
	let text = '';
	for (let index = 0; index < length; index++)
		text += String.fromCharCode(97 + Math.floor(Math.random() * 26));
	return text;
}

function describeAnswer(answer: LastAnswer | undefined): string {
	if (answer === undefined) return 'got no answer';
	const body = answer.body.trim();
	return `answered HTTP ${answer.status}${body === '' ? '' : ` ${JSON.stringify(body.slice(0, 60))}`}`;
}

function classifyFailure(
	drop: DropInfo | undefined,
	answer: LastAnswer | undefined,
	config: ResolvedConfig,
): [CheckOutcome, string] {
	const reason = drop?.reason;
	if (reason === 'bot_filtered') {
		return [
			'bot_filtered',
			`Umami took the sender for a bot (it answered ${answer?.body.trim() || '{}'}) and stored nothing: the User-Agent "${config.transport.userAgent}" fails its isbot check. Set transport.user_agent to a browser-like value.`,
		];
	}
	if (
		answer !== undefined &&
		answer.status >= 400 &&
		answer.status < 500 &&
		/website not found/i.test(answer.body)
	) {
		return [
			'website_not_found',
			`Umami does not know website ${config.websiteId}: create it in Umami or fix UMAMI_WEBSITE_ID / umami.website_id.`,
		];
	}
	if (reason === 'server_error' || (answer !== undefined && answer.status >= 500)) {
		return ['server_error', `Umami failed to store the event (HTTP ${answer?.status ?? '5xx'}).`];
	}
	if (answer === undefined || reason === 'network_error' || reason === 'shutdown_timeout') {
		return ['unreachable', `the test event got no answer: ${drop?.detail ?? 'no answer'}`];
	}
	return ['rejected', `Umami refused the test event (${drop?.detail ?? `HTTP ${answer.status}`}).`];
}

/**
 * Sends the test event; the event when Umami accepted it, else the run's exit code. Says first that Umami
 * will store it and how to recognise it: the run writes into the user's analytics.
 */
export async function sendTestEvent(context: CheckContext): Promise<SentEvent | ExitCode> {
	const {config, timeoutMs, record} = context;
	const name = `${CHECK_EVENT_PREFIX}${letters(8)}`;
	record.note(
		'stores',
		`one test event in website ${config.websiteId}: custom event "${name}" (no page view) on URL ${CHECK_EVENT_URL}, data source "${CHECK_EVENT_DATA.source}"; filter out URL ${CHECK_EVENT_URL} to hide it (--no-event stores nothing)`,
	);
	const recorder = recordingFetch(context.fetch);
	const drops: DropInfo[] = [];
	const sendConfig: ResolvedConfig = {
		...config,
		queue: {...config.queue, maxAttempts: 1, flushIntervalMs: 60_000},
		transport: {...config.transport, endpoint: 'send', timeoutMs},
	};
	const analytics = new UmamiAnalytics(sendConfig, {
		fetch: recorder.fetch,
		logger: {},
		onDrop: (info) => drops.push(info),
	});
	const sentAt = Date.now();
	analytics.trackEvent(name, CHECK_EVENT_DATA, {url: CHECK_EVENT_URL});
	await analytics.shutdown(timeoutMs);
	const stats = analytics.stats();
	const answer = recorder.last();
	const event: NonNullable<typeof record.report.event> = {
		name,
		url: CHECK_EVENT_URL,
		endpoint: '/api/send',
		result: stats.sent === 1 ? 'accepted' : (drops[0]?.reason ?? 'lost'),
	};
	record.report.event = event;
	if (answer !== undefined) event.status = answer.status;
	if (drops[0]) event.detail = drops[0].detail;

	if (stats.sent !== 1) {
		const [outcome, message] = classifyFailure(drops[0], answer, config);
		record.step(false, 'event', `"${name}" ${describeAnswer(answer)} → ${outcome}`);
		return record.finish(outcome, message);
	}
	record.step(true, 'event', `"${name}" accepted by /api/send (HTTP ${answer?.status ?? 200})`);
	return {name, sentAt};
}
