/**
 * An API route whose path ends in `.txt`, `.xml`, `.map` or `.webmanifest` is tracked when a route of the
 * framework answered it; the same file served without a route (a file middleware) is a static asset, and
 * every request left out is counted in `stats().skippedRequests`. Real Express 5 and Fastify apps over real
 * HTTP, sending to the fault server.
 */
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import {afterEach, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {initExpress} from '../../src/integrations/express.js';
import {umamiFastify} from '../../src/integrations/fastify.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {send, storedAfter, trackedAnalytics} from '../helpers/tracked-apps.js';

const ROUTES = ['/api/feed.xml', '/api/export.txt', '/api/app.webmanifest', '/api/bundle.map'];
/** Served by no route: a file middleware (Express) or the not-found handler (Fastify). */
const FILES = ['/files/notes.txt', '/files/sitemap.xml'];

const closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
	for (const close of closing.splice(0)) await close();
});

async function expressApp(analytics: UmamiAnalytics): Promise<string> {
	const app = express();
	initExpress(app, analytics);
	for (const path of ROUTES) app.get(path, (_req, res) => void res.send('api'));
	app.use((req, res, next) => (req.path.startsWith('/files/') ? void res.send('file') : next()));
	const server = await new Promise<Server>((resolve) => {
		const listening: Server = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	closing.push(() => new Promise((resolve) => server.close(resolve)));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function fastifyApp(analytics: UmamiAnalytics): Promise<string> {
	const app = Fastify();
	await app.register(umamiFastify, {analytics});
	for (const path of ROUTES) app.get(path, async () => 'api');
	app.setNotFoundHandler(async (_request, reply) => reply.code(200).send('file'));
	closing.push(() => app.close());
	return app.listen({port: 0, host: '127.0.0.1'});
}

describe.each([
	['express 5', expressApp],
	['fastify', fastifyApp],
])('%s: .txt, .xml, .map and .webmanifest', (_label, start) => {
	it('are tracked when a route answers them; as files they are skipped and counted', async () => {
		const umami: FaultServer = await startFaultServer();
		closing.push(() => umami.close());
		const analytics = trackedAnalytics(umami);
		closing.push(() => analytics.shutdown());
		const base = await start(analytics);
		for (const path of [...FILES, ...ROUTES]) expect((await send(base, path)).status).toBe(200);
		await send(base, '/health');
		const stored = await storedAfter(analytics, umami, ROUTES.length);
		expect(stored.map((payload) => payload.url).sort()).toEqual([...ROUTES].sort());
		// The two files and the health check.
		expect(analytics.stats()).toMatchObject({tracked: ROUTES.length, skippedRequests: 3});
	});
});
