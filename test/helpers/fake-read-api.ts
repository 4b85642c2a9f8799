/**
 * A fake Umami read API on 127.0.0.1 for `audit` and `check`: the routes and answer shapes of Umami 2.10 or
 * 3.1 (read in their source), served from an in-memory dataset. It pages metrics the way each version does
 * (2.10: `limit` over a time window, no offset; 3.1: `limit` and `offset`), and records every request.
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/** One metric row; `at` (Unix ms) places it in time for 2.10's windows. */
export interface FakeMetric {
	readonly x: string;
	readonly y: number;
	readonly at?: number;
}

/** What the fake server stores. */
export interface FakeDataset {
	readonly version: '2.10' | '3.1';
	/** By metrics type (`url`/`path`, `query`, `title`, `referrer`, `event`, `distinctId`). */
	readonly metrics: Readonly<Record<string, readonly FakeMetric[]>>;
	/** By event name. */
	readonly eventData?: Readonly<
		Record<string, ReadonlyArray<{key: string; value: string; total: number; dataType?: number}>>
	>;
	/** 2.10 only: every aggregate route answers 500 (as CI's 2.10 on Prisma's wasm engine does). */
	readonly failAggregates?: boolean;
	/** What `GET /api/realtime/:id` answers (raw events, as 2.10 gives them). */
	readonly realtime?: {readonly pageviews: readonly object[]; readonly events: readonly object[]};
	/** By key (3.1). */
	readonly sessionData?: Readonly<Record<string, ReadonlyArray<{value: string; total: number}>>>;
}

/** A request the fake server received. */
export interface FakeRequest {
	readonly method: string;
	readonly path: string;
	readonly query: Readonly<Record<string, string>>;
	readonly authorized: boolean;
}

/** A running fake read API. */
export interface FakeReadApi {
	readonly url: string;
	readonly requests: FakeRequest[];
	close(): Promise<void>;
}

/** The bearer token the fake login hands out. */
export const FAKE_TOKEN = 'fake-session-token-0123456789';

/** Starts the fake read API (login `admin` / `umami`). */
export async function startFakeReadApi(dataset: FakeDataset): Promise<FakeReadApi> {
	const requests: FakeRequest[] = [];
	const v3 = dataset.version === '3.1';
	const server = createServer((req, res) => {
		void handle(req, res);
	});
	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		let body = '';
		for await (const chunk of req) body += String(chunk);
		const url = new URL(req.url ?? '/', 'http://localhost');
		const query = Object.fromEntries(url.searchParams);
		const authorized = req.headers['authorization'] === `Bearer ${FAKE_TOKEN}`;
		requests.push({method: req.method ?? 'GET', path: url.pathname, query, authorized});
		const send = (status: number, value: unknown): void => {
			res.writeHead(status, {'content-type': typeof value === 'string' ? 'text/plain' : 'application/json'});
			res.end(typeof value === 'string' ? value : JSON.stringify(value));
		};
		const path = url.pathname;
		if (path === '/api/version') return v3 ? send(404, 'not found') : send(200, {version: '2.10.0'});
		if (path === '/api/heartbeat') return send(200, v3 ? {ok: true} : {});
		if (path === '/api/scripts/telemetry') return send(200, v3 ? "i.setAttribute('src','x?v=3.1.0')" : '');
		if (path === '/api/batch') return v3 ? send(200, {size: 0}) : send(404, 'not found');
		// Both versions have a dynamic /api/reports/[reportId] route that answers any name without a login.
		if (path.startsWith('/api/reports/')) return send(401, {});
		if (path === '/api/auth/login') {
			const {username, password} = JSON.parse(body || '{}') as {username?: string; password?: string};
			return username === 'admin' && password === 'umami' ? send(200, {token: FAKE_TOKEN}) : send(401, {});
		}
		if (!authorized) return send(401, {error: 'unauthorized'});
		const startAt = Number(query['startAt']);
		const endAt = Number(query['endAt']);
		if (path.startsWith('/api/realtime/')) return send(200, dataset.realtime ?? {pageviews: [], events: []});
		if (dataset.failAggregates === true) return send(500, 'Internal Server Error');
		if (path.endsWith('/metrics')) return send(200, metrics(dataset, query, startAt, endAt));
		if (path.endsWith('/event-data/events')) {
			const rows = dataset.eventData?.[query['event'] ?? ''] ?? [];
			return send(
				200,
				rows.map((row) =>
					v3
						? {
								eventName: query['event'],
								propertyName: row.key,
								dataType: row.dataType ?? 1,
								propertyValue: row.value,
								total: row.total,
							}
						: {
								eventName: query['event'],
								fieldName: row.key,
								dataType: row.dataType ?? 1,
								fieldValue: row.value,
								total: row.total,
							},
				),
			);
		}
		if (path.endsWith('/session-data/properties')) {
			return send(
				200,
				Object.entries(dataset.sessionData ?? {}).map(([key, values]) => ({
					propertyName: key,
					total: values.length,
				})),
			);
		}
		if (path.endsWith('/session-data/values')) {
			return send(200, (dataset.sessionData?.[query['propertyName'] ?? ''] ?? []).slice(0, 100));
		}
		return send(404, 'not found');
	};
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

function metrics(
	dataset: FakeDataset,
	query: Record<string, string>,
	startAt: number,
	endAt: number,
): Array<{x: string; y: number}> {
	const rows = dataset.metrics[query['type'] ?? ''] ?? [];
	if (dataset.version === '3.1') {
		const limit = Number(query['limit'] ?? 500);
		const offset = Number(query['offset'] ?? 0);
		return rows.slice(offset, offset + limit).map(({x, y}) => ({x, y}));
	}
	// 2.10: group the rows of the window, most frequent first, `limit` (default 100) of them.
	const grouped = new Map<string, number>();
	for (const row of rows) {
		const at = row.at ?? startAt;
		if (at < startAt || at > endAt) continue;
		grouped.set(row.x, (grouped.get(row.x) ?? 0) + row.y);
	}
	return [...grouped]
		.map(([x, y]) => ({x, y}))
		.sort((a, b) => b.y - a.y)
		.slice(0, Number(query['limit'] ?? 100));
}
