/**
 * Scenario 4 — the app is this process: the analytics server is down (a closed port on 127.0.0.1), one track
 * call is written exactly as each README shows it (no `.catch`, no `await`, no error listener), and the
 * process then stays up for `waitMs` like a server would. It emits its result only if it is still alive;
 * the runner reads the exit code and stderr to tell why it died.
 */
import {createServer} from 'node:net';
import {emit, input, sleep} from '../lib.js';
import type {PeerName} from '../peers.js';

const {peer, waitMs} = input<{peer: PeerName; waitMs: number}>();

const port = await new Promise<number>((resolve) => {
	const server = createServer();
	server.listen(0, '127.0.0.1', () => {
		const address = server.address();
		server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 9));
	});
});
const url = `http://127.0.0.1:${port}`;
const websiteId = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

switch (peer) {
	case 'umami-guard': {
		const {getAnalytics} = await import('../../dist/index.js');
		const analytics = getAnalytics('my_app', {websiteId, apiUrl: url, configFile: false, env: {}});
		analytics.trackEvent('signup', {plan: 'pro'});
		break;
	}
	case '@umami/node': {
		// The README's `import umami from '@umami/node'` is the package's default instance, `new Umami()`; under
		// Node's ESM loader that default import yields the CommonJS exports object, so build the same instance.
		const {Umami} = await import('@umami/node');
		const umami = new Umami();
		umami.init({websiteId, hostUrl: url});
		void umami.track({url: '/home'});
		break;
	}
	case 'posthog-node': {
		const {PostHog} = await import('posthog-node');
		const client = new PostHog('phc_bench', {host: url});
		client.capture({distinctId: 'distinct_id_of_the_user', event: 'user signed up'});
		break;
	}
	case 'segment': {
		const {Analytics} = await import('@segment/analytics-node');
		const analytics = new Analytics({writeKey: 'bench', host: url});
		analytics.track({userId: '42', event: 'Add to cart', properties: {productId: '123456'}});
		break;
	}
}

// A server would keep running: keep the event loop alive and see whether the failed delivery ends us.
const alive = setInterval(() => {}, 1000);
await sleep(waitMs);
clearInterval(alive);
emit({peer, survived: true, waitedMs: waitMs});
process.exit(0);
