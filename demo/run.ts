/**
 * `npm run demo` — an Express service instrumented with umami-guard, driven by a short burst of realistic
 * traffic full of personal data. Shows, as it happens, each sanitized event that would reach Umami and what
 * was redacted (by class, never the value), then `stats()`.
 *
 * With nothing configured the events go to an in-process Umami (`umami-guard/testing`); with
 * `UMAMI_API_URL` and `UMAMI_WEBSITE_ID` set they are sent for real.
 */
import type {AddressInfo} from 'node:net';
import express from 'express';
import {colorsFor} from '../src/cli/io.js';
import {UmamiAnalytics} from '../src/client/analytics.js';
import {resolveConfig} from '../src/config/resolve.js';
import {isConfigError} from '../src/errors.js';
import {umamiExpress} from '../src/integrations/express.js';
import {detectPii, type PiiClass} from '../src/sanitize/index.js';
import {createTestAnalytics} from '../src/testing/index.js';
import type {UmamiEvent} from '../src/types.js';
import {TRAFFIC, type Step} from './traffic.js';

const BROWSER_UA =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

const c = colorsFor(process.stdout, process.env);
const print = (line = ''): void => {
	process.stdout.write(`${line}\n`);
};

/** Redactions since the last step, by class. */
let redactions: Partial<Record<PiiClass, number>> = {};
const onRedact = (cls: PiiClass): void => {
	redactions[cls] = (redactions[cls] ?? 0) + 1;
};
const drops: string[] = [];

interface Sink {
	readonly analytics: UmamiAnalytics;
	/** Events Umami received (or would have), in order. */
	readonly events: UmamiEvent[];
	readonly target: string;
	/** Sending to a real Umami. */
	readonly real: boolean;
}

function createSink(): Sink {
	const env = process.env;
	if (env['UMAMI_API_URL'] && env['UMAMI_WEBSITE_ID']) {
		const events: UmamiEvent[] = [];
		const base = globalThis.fetch;
		// Real Umami: a fetch that remembers what Umami accepted, to show it.
		const tee: typeof fetch = async (input, init) => {
			const response = await base(input, init);
			if (response.ok && typeof init?.body === 'string') {
				const sent = JSON.parse(init.body) as UmamiEvent | UmamiEvent[];
				events.push(...(Array.isArray(sent) ? sent : [sent]));
			}
			return response;
		};
		const options = {
			flushIntervalMs: 60_000,
			fetch: tee,
			logger: {},
			onRedact,
			onDrop: (info: {reason: string; event: string}) => drops.push(`${info.event}: ${info.reason}`),
		};
		const analytics = new UmamiAnalytics(resolveConfig('demo', options), options);
		return {
			analytics,
			events,
			real: true,
			target: `Umami at ${analytics.config.apiUrl} (website ${analytics.config.websiteId})`,
		};
	}
	const test = createTestAnalytics({
		appName: 'demo',
		flushIntervalMs: 60_000,
		onRedact,
		onDrop: (info) => drops.push(`${info.event}: ${info.reason}`),
	});
	return {
		analytics: test.analytics,
		events: test.events,
		real: false,
		target:
			'an in-process Umami (nothing leaves this machine; set UMAMI_API_URL and UMAMI_WEBSITE_ID to send for real)',
	};
}

/** The example service: ordinary handlers that track business events with whatever they have at hand. */
function createApp(analytics: UmamiAnalytics): express.Express {
	const app = express();
	app.use(express.json());
	app.use(umamiExpress(analytics));
	app.get('/', (_req, res) => {
		res.send('home');
	});
	app.get('/users/:email/profile', (_req, res) => {
		res.send('profile');
	});
	app.get('/reset-password', (_req, res) => {
		res.send('reset');
	});
	app.post('/signup', (req, res) => {
		const {email, phone, plan} = req.body as Record<string, unknown>;
		analytics.trackEvent('signup', {email, phone, plan});
		res.status(201).send('welcome');
	});
	app.get('/search', (req, res) => {
		analytics.trackEvent('search', {query: req.query['q'], results: 3});
		res.send('results');
	});
	app.post('/checkout', (req, res) => {
		const {card, amount, currency} = req.body as Record<string, unknown>;
		analytics.trackEvent('checkout', {card, amount, currency});
		res.send('paid');
	});
	app.get('/api/orders', (req, res) => {
		analytics.trackEvent('api_call', {
			endpoint: '/api/orders',
			authorization: req.headers.authorization,
			client_key: req.headers['x-api-key'],
		});
		res.json([]);
	});
	app.get('/orders/:id', (_req, res) => {
		res.send('order');
	});
	app.post('/support', (req, res) => {
		analytics.trackEvent('support_ticket', req.body as Record<string, unknown>);
		res.status(202).send('thanks');
	});
	app.get('/health', (_req, res) => {
		res.send('ok');
	});
	app.get('/pricing', (_req, res) => {
		res.send('pricing');
	});
	return app;
}

function describeEvent(event: UmamiEvent): string {
	const {payload} = event;
	const kind =
		event.type === 'identify'
			? 'identify'
			: payload.name === undefined
				? 'pageview'
				: `event "${payload.name}"`;
	const data = payload.data === undefined ? '' : ` ${c.dim(JSON.stringify(payload.data))}`;
	return `${c.cyan(kind)} ${payload.url ?? '/'}${data}`;
}

/** Kinds of personal data in the raw request (path decoded too, as a server would read it). */
function rawClasses(step: Step): PiiClass[] {
	let decoded = step.path;
	try {
		decoded = decodeURIComponent(step.path.replaceAll('+', ' '));
	} catch {
		// Keep the raw path.
	}
	return detectPii({path: step.path, decoded, body: step.body ?? {}, headers: step.headers ?? {}});
}

/** Query keys of the raw request that the integration's allowlist kept out of the URL (keys, not values). */
function droppedQueryKeys(step: Step, sent: readonly UmamiEvent[]): string[] {
	const question = step.path.indexOf('?');
	if (question === -1) return [];
	const keys = [...new URLSearchParams(step.path.slice(question + 1)).keys()];
	const urls = sent.map((event) => event.payload.url ?? '').join(' ');
	return keys.filter((key) => !urls.includes(`${key}=`));
}

function formatCounts(counts: Partial<Record<string, number>>): string {
	return Object.entries(counts)
		.map(([cls, count]) => `${cls} ×${count}`)
		.join(', ');
}

async function main(): Promise<number> {
	let sink: Sink;
	try {
		sink = createSink();
	} catch (error) {
		if (isConfigError(error)) {
			process.stderr.write(`${error.message}\n`);
			return 2;
		}
		throw error;
	}
	const {analytics, events} = sink;
	const server = createApp(analytics).listen(0, '127.0.0.1');
	await new Promise((resolve) => server.once('listening', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	print(c.bold('umami-guard demo'));
	print(
		`An Express service instrumented with umami-guard receives ${TRAFFIC.length} requests full of personal data.`,
	);
	print(`Events go to ${sink.target}.`);
	print(c.dim('Values are never printed below: only what Umami receives, and the kinds of data removed.'));
	print();

	let shown = 0;
	for (const [index, step] of TRAFFIC.entries()) {
		redactions = {};
		const response = await fetch(`${base}${step.path}`, {
			method: step.method,
			headers: {
				'user-agent': BROWSER_UA,
				'accept-language': 'en-GB,en;q=0.8',
				...(step.body ? {'content-type': 'application/json'} : {}),
				...step.headers,
			},
			...(step.body ? {body: JSON.stringify(step.body)} : {}),
		});
		await response.text();
		// The middleware records a request when its response closes; let that happen, then send.
		await new Promise((resolve) => setTimeout(resolve, 5));
		await analytics.flush();
		const found = rawClasses(step);
		print(
			`${c.bold(`${String(index + 1).padStart(2)}. ${step.method} ${step.label}`)} → HTTP ${response.status}`,
		);
		print(
			`    in the request: ${found.length === 0 ? c.green('no personal data') : c.yellow(found.join(', '))}`,
		);
		const fresh = events.slice(shown);
		shown = events.length;
		if (fresh.length === 0) print(`    ${c.dim('nothing sent (ignored path)')}`);
		for (const event of fresh) print(`    ${c.green('sent')} ${describeEvent(event)}`);
		if (Object.keys(redactions).length > 0) print(`    ${c.yellow('redacted')} ${formatCounts(redactions)}`);
		const dropped = droppedQueryKeys(step, fresh);
		if (dropped.length > 0)
			print(`    ${c.yellow('query keys dropped')} ${dropped.join(', ')} ${c.dim('(not in the allowlist)')}`);
		if (fresh.some((event) => event.payload.url?.includes('/:'))) {
			print(`    ${c.yellow('path sent as its route template')}`);
		}
	}

	const result = await analytics.shutdown(5000);
	await new Promise((resolve) => server.close(resolve));
	const stats = analytics.stats();
	print();
	print(c.bold('stats()'));
	print(
		`  tracked ${stats.tracked}, sent ${stats.sent}, dropped ${stats.droppedTotal}, queued ${stats.queued}, endpoint ${stats.endpoint}`,
	);
	print(`  redacted ${formatCounts(stats.redacted)}`);
	print(
		`  adjusted to Umami's limits ${stats.adjusted}, filtered ${stats.filtered}, retried ${stats.retried}`,
	);
	const reasons = Object.entries(stats.dropped).filter(([, count]) => count > 0);
	if (reasons.length > 0) print(`  dropped by reason ${formatCounts(Object.fromEntries(reasons))}`);
	if (drops.length > 0) print(`  ${c.red('dropped')} ${drops.join('; ')}`);
	if (!sink.real) {
		print();
		print(
			c.dim(
				'Next: see them in a real Umami with demo/local-umami.sh (it prints the dashboard URL; admin / umami),',
			),
		);
		print(c.dim('or send to yours: UMAMI_API_URL=https://… UMAMI_WEBSITE_ID=… npm run demo'));
	}
	return result.pending === 0 && stats.droppedTotal === 0 ? 0 : 1;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	},
);
