/**
 * The four clients under test, each configured the way its README (or official docs) shows, with default
 * settings: only the server address (and, where a scenario says so, the queue size) is changed.
 */
import {Analytics} from '@segment/analytics-node';
import {Umami} from '@umami/node';
import {PostHog} from 'posthog-node';
import {resolveConfig, UmamiAnalytics, type AnalyticsOptions} from '../dist/index.js';

export const PEERS = ['umami-guard', '@umami/node', 'posthog-node', 'segment'] as const;
export type PeerName = (typeof PEERS)[number];

export const WEBSITE_ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

/**
 * The properties of a "cold" event: the same 8 keys, every value unique to the call (so no client can
 * reuse work done for an earlier call).
 */
export function coldProperties(i: number): Record<string, string | number> {
	const id = i.toString(36);
	return {
		i,
		plan: `pro_${id}`,
		price: 29.99 + i,
		currency: `C${id}`,
		step: i % 7,
		button: `cta_${id}`,
		experiment: `exp-${id}`,
		variant: `v${id}`,
	};
}

/** A typical product event: 8 properties, one of them the index the sink counts by. */
export function properties(i: number): Record<string, string | number> {
	return {
		i,
		plan: 'pro_monthly',
		price: 29.99,
		currency: 'USD',
		step: 3,
		button: 'signup_cta',
		experiment: 'exp-42',
		variant: 'b',
	};
}

export interface PeerOptions {
	/** Size the client's queue to hold this many events (only where the client has a queue bound). */
	readonly queueFor?: number;
	/** Extra umami-guard options. */
	readonly guard?: AnalyticsOptions;
	/** User-Agent for @umami/node's `userAgent` option. */
	readonly umamiNodeUserAgent?: string;
	/** Track {@link coldProperties} instead of {@link properties}. */
	readonly cold?: boolean;
	/** The build umami-guard is constructed from (the baseline's `index.js`); default `dist/`. */
	readonly build?: GuardBuild | undefined;
}

/** What a build of umami-guard must export for {@link createPeer}. */
export type GuardBuild = Pick<typeof import('../dist/index.js'), 'resolveConfig' | 'UmamiAnalytics'>;

export interface Peer {
	readonly name: PeerName;
	/** One track call, written as the README shows it. */
	track(i: number): void;
	/** Delivers everything queued (the documented flush/shutdown call). */
	finish(): Promise<void>;
	/** Rejections of fire-and-forget calls the harness had to catch (only @umami/node returns promises). */
	failures(): number;
}

export function createPeer(name: PeerName, url: string, options: PeerOptions = {}): Peer {
	const props = options.cold === true ? coldProperties : properties;
	switch (name) {
		case 'umami-guard': {
			const opts: AnalyticsOptions = {
				websiteId: WEBSITE_ID,
				apiUrl: url,
				configFile: false,
				env: {},
				...(options.queueFor === undefined ? {} : {queueSize: options.queueFor}),
				...options.guard,
			};
			const build = options.build ?? {resolveConfig, UmamiAnalytics};
			const analytics = new build.UmamiAnalytics(build.resolveConfig('bench', opts), opts);
			return {
				name,
				track: (i) => analytics.trackEvent('checkout', props(i), {url: '/pricing'}),
				finish: async () => {
					await analytics.shutdown(120_000);
				},
				failures: () => 0,
			};
		}
		case '@umami/node': {
			const umami = new Umami();
			umami.init({
				websiteId: WEBSITE_ID,
				hostUrl: url,
				...(options.umamiNodeUserAgent === undefined ? {} : {userAgent: options.umamiNodeUserAgent}),
			});
			const inFlight = new Set<Promise<unknown>>();
			let failed = 0;
			return {
				name,
				track: (i) => {
					// README: `umami.track(...)` and nothing else. Its promise rejects when the server is unreachable,
					// which would end the process (see the crash check); the harness catches and counts instead.
					const p = umami.track({url: '/pricing', name: 'checkout', data: props(i)}).then(
						(r) => r.arrayBuffer(),
						() => {
							failed++;
						},
					);
					inFlight.add(p);
					void p.finally(() => inFlight.delete(p));
				},
				finish: async () => {
					while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
				},
				failures: () => failed,
			};
		}
		case 'posthog-node': {
			const client = new PostHog('phc_bench', {
				host: url,
				...(options.queueFor === undefined ? {} : {maxQueueSize: options.queueFor}),
			});
			return {
				name,
				track: (i) =>
					client.capture({distinctId: `user-${i % 100}`, event: 'checkout', properties: props(i)}),
				finish: async () => {
					await client.shutdown(120_000);
				},
				failures: () => 0,
			};
		}
		case 'segment': {
			const analytics = new Analytics({writeKey: 'bench', host: url});
			analytics.on('error', () => {});
			return {
				name,
				track: (i) => analytics.track({userId: `user-${i % 100}`, event: 'checkout', properties: props(i)}),
				finish: async () => {
					await analytics.closeAndFlush({timeout: 120_000});
				},
				failures: () => 0,
			};
		}
	}
}

/** Versions of the packages under test, read from their package.json. */
export async function versions(): Promise<Record<string, string>> {
	const {createRequire} = await import('node:module');
	const require = createRequire(import.meta.url);
	const {readFileSync} = await import('node:fs');
	const out: Record<string, string> = {};
	const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
		version: string;
	};
	out['umami-guard'] = own.version;
	for (const pkg of [
		'@umami/node',
		'posthog-node',
		'@segment/analytics-node',
		'express',
		'fastify',
		'autocannon',
		'redact-pii',
		'@redactpii/node',
	]) {
		try {
			const dir = require.resolve(`${pkg}/package.json`);
			out[pkg] = (JSON.parse(readFileSync(dir, 'utf8')) as {version: string}).version;
		} catch {
			// Packages whose exports hide package.json: find it next to the entry point.
			try {
				let entry = require.resolve(pkg);
				while (!entry.endsWith(`/node_modules/${pkg}`)) entry = entry.slice(0, entry.lastIndexOf('/'));
				out[pkg] = (JSON.parse(readFileSync(`${entry}/package.json`, 'utf8')) as {version: string}).version;
			} catch {
				out[pkg] = '?';
			}
		}
	}
	return out;
}
