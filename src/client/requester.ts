/**
 * How an instance makes requests: which `fetch`-like requester the transport gets (the one of the options,
 * `node:http` on Node, the platform's `fetch` elsewhere).
 */
import {getBuiltin} from '../runtime.js';
import {createNodeFetch, type FetchLike} from '../transport/index.js';

/**
 * The platform's `fetch`, given request bodies as bytes: Node's fetch turns a string body into a stream
 * whose buffers outlive the request until a full GC, so the peak memory grew with every request while a
 * large backlog drained (bench `delivery`). A `fetch` passed in options sees the JSON string as before.
 */
function bytesFetch(platformFetch: typeof fetch): FetchLike {
	const encoder = new TextEncoder();
	return (input, init) =>
		platformFetch.call(
			globalThis,
			input,
			typeof init.body === 'string' ? {...init, body: encoder.encode(init.body)} : init,
		);
}

/**
 * How this instance makes requests: the `fetch` of the options; on Node, `http.request` with keep-alive
 * agents (less than half the CPU of Node's `fetch` per request, taken from the service being tracked); on
 * every other runtime (Bun, Deno, Workers, edge) the platform's `fetch`.
 */
export function requester(custom: typeof fetch | undefined): FetchLike {
	if (custom) return custom.bind(globalThis) as FetchLike;
	return isPlainNode() ? onFirstRequest() : bytesFetch(globalThis.fetch);
}

/**
 * The `node:http` requester, made when the first request leaves: loading `node:http` and `node:https` (and
 * with them `net`, `tls`, `crypto`, streams) is most of a cold start's construction, and a process that ends
 * before its first flush, or delivers nothing, never needs them.
 */
function onFirstRequest(): FetchLike {
	let made: FetchLike | undefined;
	return (url, init) => {
		if (made === undefined) {
			const http = getBuiltin('node:http');
			const https = getBuiltin('node:https');
			made = http && https ? createNodeFetch({http, https}) : bytesFetch(globalThis.fetch);
		}
		return made(url, init);
	};
}

/** Node itself: not Bun or Deno (which implement `node:http` over their own, fast, `fetch`), not an edge runtime. */
function isPlainNode(): boolean {
	const scope = globalThis as {
		process?: {versions?: Record<string, string | undefined>};
		navigator?: {userAgent?: string};
		EdgeRuntime?: unknown;
	};
	const versions = scope.process?.versions;
	return (
		typeof versions?.['node'] === 'string' &&
		versions['bun'] === undefined &&
		versions['deno'] === undefined &&
		scope.EdgeRuntime === undefined &&
		!(scope.navigator?.userAgent ?? '').startsWith('Cloudflare-Workers')
	);
}
