/**
 * The part of `fetch` the transport uses, built on Node's `http`/`https` modules with keep-alive agents.
 * Node's own `fetch` (undici's WHATWG layer: streams, `Request`/`Response` objects, header guards) costs
 * more CPU per request than `http.request` (`bench/post-cost.ts` measures both), and on a busy service that
 * CPU is taken from the requests being tracked. The modules are passed
 * in (see `client/analytics.ts`), so this file imports nothing from `node:` and the core still loads on
 * Workers, where the platform's `fetch` is used instead.
 */

/** What the transport passes to a request. */
export interface FetchInit {
	readonly method: 'GET' | 'POST';
	readonly headers: Readonly<Record<string, string>>;
	readonly body?: string;
	readonly signal?: AbortSignal;
}

/** What the transport reads from an answer. */
export interface FetchAnswer {
	readonly status: number;
	readonly headers: {get(name: string): string | null};
	text(): Promise<string>;
}

/** A `fetch` reduced to what the transport uses; `globalThis.fetch` is one. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchAnswer>;

/** The slice of `node:http` / `node:https` used here. */
export interface NodeHttpModules {
	readonly http: typeof import('node:http');
	readonly https: typeof import('node:https');
}

/** An error as `fetch` rejects with: a `TypeError` whose `cause` carries the system error and its code. */
function fetchFailed(cause: unknown): TypeError {
	return new TypeError('fetch failed', {cause});
}

/** Errors of a request written to a kept-alive socket that the server had already closed. */
const STALE_SOCKET: ReadonlySet<unknown> = new Set(['ECONNRESET', 'EPIPE']);

/** The request options a URL gives `http.request`, as Node's `urlToHttpOptions` makes them. */
interface Target {
	readonly secure: boolean;
	readonly options: {
		readonly protocol: string;
		readonly hostname: string;
		readonly port?: number;
		readonly path: string;
		readonly auth?: string;
	};
}

/** Distinct URLs remembered: a transport asks for three (batch, send, heartbeat); more only clear the memo. */
const MAX_TARGETS = 16;

/**
 * The target of `url`, parsed once: a `URL` handed to `http.request` is parsed and converted to options on
 * every request (`urlToHttpOptions`), and a transport asks for the same few URLs all its life. Throws like
 * `new URL` on an invalid one, and on a protocol other than http and https.
 */
function parseTarget(url: string): Target {
	const parsed = new URL(url);
	const secure = parsed.protocol === 'https:';
	if (!secure && parsed.protocol !== 'http:') throw new Error(`unsupported protocol ${parsed.protocol}`);
	const {hostname, port, username, password} = parsed;
	return {
		secure,
		options: {
			protocol: parsed.protocol,
			// An IPv6 address is written in brackets in a URL, without them in a host name to connect to.
			hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
			...(port === '' ? {} : {port: Number(port)}),
			path: `${parsed.pathname}${parsed.search}`,
			...(username || password
				? {auth: `${decodeURIComponent(username)}:${decodeURIComponent(password)}`}
				: {}),
		},
	};
}

/** An answer whose body has been read. */
function answer(
	status: number,
	headers: Readonly<Record<string, string | string[] | undefined>>,
	text: string,
) {
	return {
		status,
		headers: {
			get: (name: string): string | null => {
				const value = headers[name.toLowerCase()];
				return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
			},
		},
		text: () => Promise.resolve(text),
	};
}

/**
 * Creates a {@link FetchLike} over `http.request`: one keep-alive agent per protocol (idle sockets do not
 * hold the process open; Node unrefs them), the body sent with a `content-length`, the whole answer read
 * as UTF-8 before the promise resolves (the transport reads every body anyway), `signal` aborting the
 * request and the body. Rejects like `fetch`: with the signal's reason when aborted, else with a
 * `TypeError('fetch failed')` whose `cause` is the socket error (`ECONNREFUSED`, `ECONNRESET`, …).
 *
 * A request written to a reused socket that the server had closed in the meantime (its keep-alive timeout
 * ran out as the request left: reset or broken pipe before any byte of an answer) is sent once more on a
 * new connection, as Node's documentation advises; `fetch` hides the same race.
 *
 * @example
 * ```ts
 * const fetchLike = createNodeFetch({http: await import('node:http'), https: await import('node:https')});
 * const answer = await fetchLike('http://127.0.0.1:3000/api/heartbeat', {method: 'GET', headers: {}});
 * ```
 */
export function createNodeFetch(modules: NodeHttpModules): FetchLike {
	const encoder = new TextEncoder();
	const agents = {
		http: new modules.http.Agent({keepAlive: true}),
		https: new modules.https.Agent({keepAlive: true}),
	};
	const targets = new Map<string, Target>();
	const targetOf = (url: string): Target => {
		let target = targets.get(url);
		if (target === undefined) {
			target = parseTarget(url);
			if (targets.size >= MAX_TARGETS) targets.clear();
			targets.set(url, target);
		}
		return target;
	};
	return (url, init) =>
		new Promise<FetchAnswer>((resolve, reject) => {
			const signal = init.signal;
			if (signal?.aborted) {
				reject(signal.reason);
				return;
			}
			let target: Target;
			try {
				target = targetOf(url);
			} catch (error) {
				reject(fetchFailed(error));
				return;
			}
			const secure = target.secure;
			const body = init.body === undefined ? undefined : encoder.encode(init.body);
			const headers: Record<string, string | number> = {...init.headers};
			if (body !== undefined) headers['content-length'] = body.byteLength;
			const options = {
				...target.options,
				method: init.method,
				headers,
				agent: secure ? agents.https : agents.http,
			};
			let settled = false;
			let current: ReturnType<typeof modules.http.request> | undefined;
			const finish = (): boolean => {
				if (settled) return false;
				settled = true;
				signal?.removeEventListener('abort', onAbort);
				return true;
			};
			const fail = (error: unknown): void => {
				if (finish()) reject(signal?.aborted ? signal.reason : fetchFailed(error));
			};
			const onAbort = (): void => {
				current?.destroy();
				fail(signal?.reason);
			};
			const send = (retry: boolean): void => {
				let answered = false;
				const request = (secure ? modules.https : modules.http).request(options, (response) => {
					answered = true;
					let text = '';
					response.setEncoding('utf8');
					response.on('data', (chunk: string) => {
						text += chunk;
					});
					response.on('error', fail);
					// A connection closed before the end: the answer is incomplete, as `fetch` says while reading.
					response.on('close', () => {
						if (!response.complete) fail(Object.assign(new Error('socket closed'), {code: 'ECONNRESET'}));
					});
					response.on('end', () => {
						if (finish()) resolve(answer(response.statusCode ?? 0, response.headers, text));
					});
				});
				current = request;
				request.on('error', (error: Error & {code?: unknown}) => {
					if (retry && !answered && !settled && request.reusedSocket && STALE_SOCKET.has(error.code))
						send(false);
					else fail(error);
				});
				request.end(body);
			};
			signal?.addEventListener('abort', onAbort, {once: true});
			send(true);
		});
}
