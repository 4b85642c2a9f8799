/**
 * Fastify 5 with umami-guard: the plugin is not encapsulated, so it sees every route (and 404s).
 *
 *   UMAMI_WEBSITE_ID=… UMAMI_API_URL=https://umami.example.com npx tsx examples/fastify/server.ts
 *   npx tsx examples/fastify/server.ts --self-test
 */
import Fastify from 'fastify';
import {getAnalytics} from 'umami-guard';
import {umamiFastify} from 'umami-guard/fastify';
import {port, runSelfTest, selfTest} from '../self-test.js';

// Configuration from env vars (UMAMI_WEBSITE_ID, UMAMI_API_URL); without a website id it warns once and
// does nothing.
const analytics = getAnalytics('fastify-example');

const app = Fastify();
await app.register(umamiFastify, {analytics});

app.get<{Params: {id: string}}>('/users/:id', async (request) => ({id: request.params.id})); // stored as /users/:id

app.post<{Body: {email: string; plan: string}}>('/signup', async (request, reply) => {
	const {email, plan} = request.body;
	analytics.trackEvent('signup', {plan, email}); // email → [REDACTED_EMAIL]
	return reply.code(201).send({ok: true});
});

app.get('/health', async () => 'ok'); // health checks are ignored

const address = await app.listen({port, host: '127.0.0.1'});
const url = address.replace('localhost', '127.0.0.1');
console.log(`fastify example listening on ${url}`);
if (selfTest) await runSelfTest('fastify', url, analytics, () => app.close());

// `on` with a guard, not `once`: one Ctrl-C can arrive twice (`node --watch` forwards it too), and a
// second signal with no listener kills the process mid-delivery.
let stopping = false;
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	void Promise.all([analytics.shutdown(), app.close()]).then(() => process.exit(0));
});
