/**
 * Express routers and apps mounted on patterns with parameters: the event's URL and `route` carry the mount
 * PATTERNS (`/people/:name/products/:id`), never the text they matched (`/people/John-Smith/…`, which is
 * what `req.baseUrl` holds). Real Express 4 and 5 apps on 127.0.0.1, tracked into a local sink.
 */
import type {Server} from 'node:http';
import {createRequire} from 'node:module';
import express5 from 'express';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import {initExpress} from '../../src/integrations/express.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {mountReportedRouters} from '../helpers/reported-mounts.js';
import {
	eventFor as storedEvent,
	listening,
	send,
	trackedAnalytics,
	type Listening,
	type Payload,
} from '../helpers/tracked-apps.js';

type Handler = (req: {params: Record<string, string>}, res: {send(body: string): void}) => void;
interface RouterLike {
	use(...args: unknown[]): unknown;
	get(path: string | RegExp, handler: Handler): unknown;
}
interface AppLike extends RouterLike {
	listen(port: number, host: string, callback: () => void): Server;
}
interface ExpressLike {
	(): AppLike;
	Router(options?: {mergeParams?: boolean}): RouterLike;
}

// express@4 is installed as `express4`, without types; both versions share the surface used here.
const express4 = createRequire(import.meta.url)('express4') as ExpressLike;
const versions: [string, ExpressLike][] = [
	['express 5', express5 as unknown as ExpressLike],
	['express 4', express4],
];

/** Raw values that stand for names and ids in the requests below; none may reach the sink. */
const RAW = [
	'John-Smith',
	'8812345',
	'acme-corp-8812',
	'ord-77123',
	'Alice-Xu',
	'Bob-Yu',
	'Carol-Zed',
	'owner-Dana',
	'item-4411',
	'Erin-Fox',
	'team-Gull',
	'Hugo-Ivy',
	'org-Jade',
	'proj-5521',
	'Jane-Doe',
	'Kim-Lee',
	'Liam-Moe',
	'7719003',
];

/** Every own property value of every layer in the app's tree, in order (Express 4 stores match results there). */
function layerState(app: object): unknown[] {
	const values: unknown[] = [];
	const visit = (router: unknown): void => {
		const stack = (router as {stack?: unknown} | undefined)?.stack;
		if (!Array.isArray(stack)) return;
		for (const layer of stack as Record<string, unknown>[]) {
			for (const key of Object.keys(layer)) values.push(key, layer[key]);
			visit(layer['handle']);
		}
	};
	const {_router: express4Router} = app as {_router?: unknown};
	visit(express4Router ?? (app as {router?: unknown}).router);
	return values;
}

const snapshots: unknown[][] = [];

function buildApp(express: ExpressLike, analytics: UmamiAnalytics, app: AppLike): Promise<Listening> {
	initExpress(app, analytics);
	const ok: Handler = (_req, res) => res.send('ok');
	const echoParams: Handler = (req, res) => res.send(JSON.stringify(req.params));

	// The new user's two reports.
	mountReportedRouters(app, () => express.Router());

	// Three levels: app.use('/a/:x', r1), r1.use('/b/:y', r2), r2.get('/c/:z').
	const r1 = express.Router();
	const r2 = express.Router();
	r2.get('/c/:z', ok);
	r1.use('/b/:y', r2);
	app.use('/a/:x', r1);

	// mergeParams on and off.
	const merged = express.Router({mergeParams: true});
	merged.get('/items/:id', echoParams);
	app.use('/merged/:owner', merged);
	const unmerged = express.Router({mergeParams: false});
	unmerged.get('/items/:id', echoParams);
	app.use('/unmerged/:owner', unmerged);

	// One router mounted at several paths, and at an array of paths.
	const shared = express.Router();
	shared.get('/profile/:section', ok);
	app.use('/members/:member', shared);
	app.use('/teams/:team', shared);
	const arrayMounted = express.Router();
	arrayMounted.get('/feed', ok);
	app.use(['/authors/:author', '/editors/:editor'], arrayMounted);

	// An app mounted in an app, with a router inside it.
	const sub = express();
	sub.get('/projects/:project', ok);
	const subRouter = express.Router();
	subRouter.get('/tasks/:task', ok);
	sub.use('/boards/:board', subRouter);
	app.use('/orgs/:org', sub);

	// RegExp routes, at the root and inside a mounted router.
	app.get(/^\/re\/(.+)$/, ok);
	const inner = express.Router();
	inner.get(/^\/files\/([^/]+)$/, ok);
	app.use('/vault/:owner', inner);

	// A router mounted on a RegExp whose match has text outside its groups.
	const numbered = express.Router();
	numbered.get('/k/:k', ok);
	app.use(/^\/u\d+/, numbered);

	// A router mounted at the root, with a mount on a parameter inside it.
	const outer = express.Router();
	const deep = express.Router();
	deep.get('/z', ok);
	outer.use('/deep/:who', deep);
	app.use(outer);

	// The layers' own state while a handler runs, compared after the request was tracked.
	const snap = express.Router();
	snap.get('/x/:id', (_req, res) => {
		snapshots.push(layerState(app));
		res.send('ok');
	});
	app.use('/snap/:who', snap);

	// Not found inside a mounted router: `/people/:name` has no `/nope`.
	return new Promise((resolve) => {
		const server: Server = app.listen(0, '127.0.0.1', () => resolve(listening(server)));
	});
}

describe.each(versions)('%s: mounted routers and apps', (label, express) => {
	let umami: FaultServer;
	let analytics: UmamiAnalytics;
	let app: Listening;
	let appInstance: AppLike;

	beforeAll(async () => {
		umami = await startFaultServer();
		analytics = trackedAnalytics(umami, {flushIntervalMs: 20});
		appInstance = express();
		app = await buildApp(express, analytics, appInstance);
	});

	afterAll(async () => {
		await analytics.shutdown();
		await app.close();
		await umami.close();
	});

	const eventFor = (prefix: string): Promise<Payload> => storedEvent(analytics, umami, prefix);

	/** Requests `path`, and expects the event's URL and `route` to be `template`. */
	async function expectTemplate(path: string, template: string, status = 200): Promise<void> {
		expect((await send(app.base, path)).status).toBe(status);
		const event = await eventFor(template);
		expect(event.url).toBe(template);
		expect(event.data).toMatchObject({route: template, status});
	}

	it('the patterns of a router mounted on a parameter (the reported leak)', async () => {
		await expectTemplate('/people/John-Smith/products/8812345', '/people/:name/products/:id');
		await expectTemplate('/api/acme-corp-8812/v1/orders/ord-77123', '/api/:tenant/v1/orders/:orderId');
	});

	it('every level of nested routers', async () => {
		await expectTemplate('/a/Alice-Xu/b/Bob-Yu/c/Carol-Zed', '/a/:x/b/:y/c/:z');
	});

	it('with mergeParams on and off (the handler sees the parent params only with it on)', async () => {
		const merged = await send(app.base, '/merged/owner-Dana/items/item-4411');
		expect(JSON.parse(merged.body)).toEqual({owner: 'owner-Dana', id: 'item-4411'});
		expect((await eventFor('/merged/:owner/items/:id')).url).toBe('/merged/:owner/items/:id');
		const unmerged = await send(app.base, '/unmerged/owner-Dana/items/item-4411');
		expect(JSON.parse(unmerged.body)).toEqual({id: 'item-4411'});
		expect((await eventFor('/unmerged/:owner/items/:id')).url).toBe('/unmerged/:owner/items/:id');
	});

	it('a router mounted at several paths: the pattern the request went through', async () => {
		await expectTemplate('/members/Erin-Fox/profile/bio', '/members/:member/profile/:section');
		await expectTemplate('/teams/team-Gull/profile/bio', '/teams/:team/profile/:section');
		// An array of mount paths: Express 4 does not keep which entry matched, so the level is rebuilt.
		await expectTemplate('/authors/Hugo-Ivy/feed', '/authors/:author/feed');
		await expectTemplate('/editors/Hugo-Ivy/feed', '/editors/:editor/feed');
	});

	it('an app mounted in an app, and a router inside it', async () => {
		await expectTemplate('/orgs/org-Jade/projects/proj-5521', '/orgs/:org/projects/:project');
		await expectTemplate(
			'/orgs/org-Jade/boards/Kim-Lee/tasks/proj-5521',
			'/orgs/:org/boards/:board/tasks/:task',
		);
	});

	it('RegExp routes: the literal start of the expression, never the text it captured', async () => {
		await expectTemplate('/re/Jane-Doe', '/re/*');
		await expectTemplate('/vault/Liam-Moe/files/Jane-Doe', '/vault/:owner/files/*');
		// A RegExp mount: router 2.3 keeps the expression (its literal start); Express 4 only its matched text,
		// of which no segment that is not literal in the expression's source is kept.
		await expectTemplate('/u7719003/k/9', label === 'express 5' ? '/*/k/:k' : '/:param/k/:k');
	});

	it('not found inside a mounted router: the mount patterns, the rest as /* (also under a root-mounted router)', async () => {
		await send(app.base, '/people/Kim-Lee/nope');
		const event = await eventFor('/people/:name/*');
		expect(event.url).toBe('/people/:name/*');
		expect(event.data).toMatchObject({status: 404});
		// Inside a router mounted at the root.
		await expectTemplate('/deep/Kim-Lee/z', '/deep/:who/z');
		await send(app.base, '/deep/Kim-Lee/nope');
		expect((await eventFor('/deep/:who/*')).data).toMatchObject({status: 404});
	});

	it("reads Express's layers without changing them", async () => {
		snapshots.length = 0;
		await expectTemplate('/snap/Liam-Moe/x/item-4411', '/snap/:who/x/:id');
		expect(snapshots).toHaveLength(1);
		const after = layerState(appInstance);
		expect(after).toHaveLength(snapshots[0]!.length);
		after.forEach((value, index) => expect(value).toBe(snapshots[0]![index]));
	});

	it('no raw value reached the sink', async () => {
		await analytics.flush();
		const bodies = JSON.stringify(umami.requests.map((request) => request.body));
		for (const raw of RAW) expect(bodies).not.toContain(raw);
	});
});
