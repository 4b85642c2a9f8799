/**
 * `umami-guard check --no-event`: what can be known without storing anything in the user's Umami. The
 * User-Agent against Umami's own bot test (the `isbot` package, run here); with read-API credentials, that
 * they are accepted and the website exists (`GET /websites/:id`), then which Umami this is. That an event is
 * really stored is proven only by sending one (plain `check`).
 */
import {BotTest} from '../client/bots.js';
import type {CheckContext} from './check-context.js';
import {reportServer} from './check-read-back.js';
import type {ExitCode} from './io.js';
import {createReadApi, isReadApiError, type ReadCredentials} from './read-api.js';

const NOT_PROVEN = 'Not proven: that an event is stored (check without --no-event stores one test event).';

/** Whether a read-API answer for `/websites/:id` is that website (Umami 2.x answers `null` for an unknown one). */
function isWebsite(body: unknown, websiteId: string): boolean {
	const id = (body as {id?: unknown} | null)?.id;
	return typeof id === 'string' && id.toLowerCase() === websiteId.toLowerCase();
}

/**
 * Runs the read-only checks after the heartbeat and concludes the run: `reachable` (exit 0), `bot_filtered`,
 * `website_not_found`, `auth_failed`, or `unreachable` when the read API does not answer.
 * `secret`: hides a value (a session token) from everything printed.
 */
export async function checkWithoutEvent(
	context: CheckContext,
	credentials: ReadCredentials | undefined,
	secret: (value: string) => void,
): Promise<ExitCode> {
	const {config, base, timeoutMs, record} = context;
	const userAgent = config.transport.userAgent;
	const bot = new BotTest().isBot(userAgent);
	const readOnly: NonNullable<typeof record.report.readOnly> = {userAgentIsBot: bot, website: 'not_checked'};
	record.report.readOnly = readOnly;
	record.step(
		!bot,
		'user agent',
		bot ? `"${userAgent}" is a bot to Umami's isbot` : "passes Umami's bot test",
	);
	if (bot) {
		return record.finish(
			'bot_filtered',
			`Umami would take the sender for a bot and store nothing: the User-Agent "${userAgent}" fails its isbot check. Set transport.user_agent to a browser-like value.`,
		);
	}
	if (credentials === undefined) {
		return record.finish(
			'reachable',
			`Umami answers at ${base}; nothing was stored. Not checked: that website ${config.websiteId} exists (give an API key or --username/--password). ${NOT_PROVEN}`,
		);
	}
	const api = createReadApi(credentials, {fetch: context.fetch, timeoutMs, secret});
	let found = false;
	try {
		found = isWebsite(await api.get(`/websites/${encodeURIComponent(config.websiteId)}`), config.websiteId);
	} catch (error) {
		if (!isReadApiError(error)) throw error;
		if (error.status !== 404) {
			readOnly.detail = error.message;
			record.step(false, 'website', error.message);
			return error.kind === 'auth'
				? record.finish(
						'auth_failed',
						`the read API refused the credentials (or the website is not theirs): ${error.message}`,
					)
				: record.finish('unreachable', `could not check the website: ${error.message}`);
		}
	}
	readOnly.website = found ? 'found' : 'not_found';
	record.step(found, 'website', `${found ? 'exists' : 'unknown'} (read API, ${api.describe()})`);
	if (!found) {
		return record.finish(
			'website_not_found',
			`Umami does not know website ${config.websiteId}: create it in Umami or fix UMAMI_WEBSITE_ID / umami.website_id.`,
		);
	}
	await reportServer(context);
	return record.finish(
		'reachable',
		`Umami answers at ${base}, accepts the credentials and knows website ${config.websiteId}; nothing was stored. ${NOT_PROVEN}`,
	);
}
