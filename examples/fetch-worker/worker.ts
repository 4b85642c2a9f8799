/**
 * A Cloudflare Workers-style module (`export default {fetch}`) tracked with umami-guard's `withUmami`.
 * The same wrapper serves Bun (`Bun.serve({fetch})`), Deno (`Deno.serve(handler)`) and edge functions.
 * On Workers the configuration lives in the bindings (`env`), and each request's flush is handed to
 * `ctx.waitUntil`, since an isolate may be frozen once it has answered.
 *
 * `run.ts` serves it on Node with @hono/node-server.
 */
import {getAnalytics} from 'umami-guard';
import {withUmami} from 'umami-guard/fetch';

/** The bindings: wrangler.toml `[vars] UMAMI_WEBSITE_ID = "…"`, `UMAMI_API_URL = "https://…"`. */
export type Env = Record<string, string | undefined>;

/** The part of Workers' `ExecutionContext` the wrapper uses. */
export interface ExecutionContext {
	waitUntil(promise: Promise<unknown>): void;
}

async function handle(request: Request, _env: Env, _ctx: ExecutionContext): Promise<Response> {
	const {pathname} = new URL(request.url);
	if (pathname === '/health') return new Response('ok'); // health checks are ignored
	const user = /^\/users\/([^/]+)$/.exec(pathname);
	// A plain handler knows no route template: the sanitized path is stored, so an id the sanitizer
	// recognizes (a UUID, an email) is redacted, a plain number is kept. Put Hono in front for templates.
	if (user) return Response.json({id: user[1]});
	return new Response('Not Found', {status: 404});
}

export default {
	// The same app name returns the same instance: a map lookup per request.
	fetch: withUmami(handle, {analytics: (env) => getAnalytics('worker-example', {env})}),
};
