/**
 * Where a finding in each field most likely comes from, what stops it, and what Umami offers to remove data
 * already stored — per version, as read in Umami's tracker and API source. `audit` only says it; it never
 * deletes anything.
 */
import type {AuditField} from './audit-sources.js';
import {atLeast, type ServerInfo} from './server-info.js';

/** Likely source and remedy of personal data found in one field. */
export interface Advice {
	readonly source: string;
	readonly fix: string;
}

const SERVER =
	'Server-side events sent through umami-guard are scrubbed before they leave; anything else (older server code, another SDK, umami.track() in the browser) sends what it is given.';

/** The advice for a field on this server. */
export function adviceFor(field: AuditField, info: ServerInfo): Advice {
	switch (field) {
		case 'path': {
			return {
				source: `The browser tracker records every page's path as the browser saw it${atLeast(info, 3, 0) ? ', with its #hash' : ''}: personal data in a path comes from the site's URL design (/reset/<email>, /users/<id>) or from server events that set url.`,
				fix: atLeast(info, 2, 16)
					? 'Tracker: data-exclude-hash="true" drops the #hash; data-before-send (Umami ≥ 2.18) can rewrite the URL before it is sent. Server: send through umami-guard, which scrubs paths.'
					: 'Upgrade the tracker (data-exclude-hash needs Umami ≥ 2.16, data-before-send ≥ 2.18) or move the personal part out of the path. Server: send through umami-guard, which scrubs paths.',
			};
		}
		case 'query': {
			return {
				source:
					'The browser tracker sends the query string with the path (reset links, tokens, emails in ?email=…); server events that set url with a query do the same.',
				fix: atLeast(info, 2, 11)
					? 'Add data-exclude-search="true" to the tracker\'s <script> tag: it drops the query string (and data-exclude-hash="true" the #hash, Umami ≥ 2.16).'
					: 'This version\'s tracker always sends the query string: upgrade Umami (data-exclude-search needs ≥ 2.11), or set data-auto-track="false" and send page views yourself with a scrubbed URL.',
			};
		}
		case 'title': {
			return {
				source:
					'The browser tracker sends document.title as it is: titles that carry a user\'s name or email ("Profile of …", "Inbox – …").',
				fix: `Keep personal data out of <title>, or replace payload.title in a data-before-send function (Umami ≥ 2.18). ${SERVER}`,
			};
		}
		case 'referrer': {
			return {
				source:
					"The browser's referrer: links from webmail, password-reset mails or other sites. The read API shows referrer domains only; the referrer's path and query are stored too.",
				fix: 'A Referrer-Policy of strict-origin-when-cross-origin on the linking site keeps paths out; data-before-send (≥ 2.18) can drop payload.referrer.',
			};
		}
		case 'event_name':
		case 'event_data_key':
		case 'event_data_value': {
			return {
				source:
					'Custom events: umami.track() and data-umami-event-* attributes in the browser, or server code.',
				fix: `Scrub event names and data before umami.track(), or send them from the server through umami-guard. ${SERVER}`,
			};
		}
		case 'session_data':
		case 'distinct_id': {
			return {
				source:
					'umami.identify() (session data and distinct ids) in the browser, or identify calls from a server.',
				fix: `Identify sessions by an opaque id, never an email or a name. ${SERVER}`,
			};
		}
	}
}

/** What Umami offers for removing stored data, on this version; `audit` does none of it. */
export function removalOptions(info: ServerInfo): string[] {
	const settings = atLeast(info, 3, 0) ? 'website → Settings → Data' : 'Settings → Websites → Edit → Data';
	return [
		`"Reset website" (${settings}, or POST /api/websites/:id/reset): deletes ALL of the website's events, sessions and data; the website and its id stay.`,
		`"Delete website" (${settings}, or DELETE /api/websites/:id): removes the website and all its data.`,
		'No Umami route deletes single values, events or sessions: on a self-hosted server, delete the rows with SQL (website_event, event_data, session_data) after a backup.',
	];
}
