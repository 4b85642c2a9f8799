/**
 * The mount PATTERNS a request went through in Express (`app.use('/people/:name', router)` → `/people/:name`),
 * where `req.baseUrl` holds the text they matched (`/people/John-Smith`). Express keeps no record of the
 * patterns on the request, so they are found in the app's router tree when the response is over, and only
 * for requests under a mounted router or app: the chains of mount layers that lead from the root app to the
 * route that answered are listed once per route object (a `WeakMap`: no request text is kept), then each
 * request matches its `baseUrl` against them with the layers' own matchers, level by level (as Express
 * did on the way in; the first chain that takes all of `baseUrl` wins).
 *
 * Read-only: nothing is stored on Express's layers, routers or apps. `layer.match` is never called (before
 * router 2.3 it stores its result on the shared layer): on router 2.x the layer's pure matcher functions
 * are, with the pattern from `rawPath` (router ≥ 2.3), and on Express 4 a copy of the layer's RegExp. A level whose pattern text Express does not keep (routers mounted on Express 4 or on
 * router < 2.3) is rebuilt from the matched text: each segment that holds a parameter's value becomes
 * `:name` (a RegExp's text that is not literal in its source becomes `:param`).
 */
import {safeDecode} from '../url-encoding.js';
import {joinPath} from './node-http.js';
import {regexpTemplate} from './regexp-route.js';

/** A layer of an Express 4 / router 2.x stack, as far as it is read here. */
interface LayerLike {
	readonly route?: unknown;
	readonly handle?: unknown;
	/** router ≥ 2.3: the path given to `use`/`route` (an array is flattened). */
	readonly rawPath?: unknown;
	/** router 2.x: one pure matcher per path. */
	readonly matchers?: unknown;
	/** router 2.x: mounted at `/` (matches everything, consumes nothing). */
	readonly slash?: unknown;
	/** Express 4. */
	readonly regexp?: (RegExp & {fast_slash?: boolean; fast_star?: boolean}) | undefined;
	readonly keys?: readonly {readonly name: string | number}[] | undefined;
}

/** An Express app, as far as it is read here. */
export interface AppLike {
	readonly parent?: unknown;
	readonly mountpath?: unknown;
	/** Express 5 (created on first read). */
	readonly router?: unknown;
	/** Express 4 (created with the first route or middleware). */
	readonly _router?: unknown;
	/** Express 4 only. */
	readonly lazyrouter?: unknown;
}

/** One mount level of a chain: the layer, and the sub-app it leads into (an `app.use(path, subApp)`). */
interface Step {
	readonly layer: LayerLike;
	readonly app: AppLike | undefined;
}

/** The chains of mount layers above a route, and how often they were listed again. */
interface Chains {
	chains: readonly (readonly Step[])[];
	relisted: number;
}

/** What one level matched and its template. */
interface Level {
	readonly matched: string;
	readonly template: string;
}

/** Bounds on the walk of a router tree: nesting depth and layers visited. */
const MAX_DEPTH = 16;
const MAX_LAYERS = 10_000;

function stackOf(router: unknown): readonly LayerLike[] | undefined {
	const stack = (router as {stack?: unknown} | null | undefined)?.stack;
	return Array.isArray(stack) ? (stack as LayerLike[]) : undefined;
}

/** Express 4's `app.router` is a getter that throws (a 3.x leftover): its router is `_router`. */
function routerOf(app: AppLike): unknown {
	return typeof app.lazyrouter === 'function' ? app._router : app.router;
}

/** The apps from the root to `app` (the innermost one the request is in), following `parent`. */
export function appChain(app: AppLike): AppLike[] {
	const apps = [app];
	let current = app.parent as AppLike | undefined;
	while (current !== undefined && current !== null && apps.length < MAX_DEPTH) {
		apps.unshift(current);
		current = current.parent as AppLike | undefined;
	}
	return apps;
}

/** Every chain of mount layers from `apps[0]`'s router to a router whose stack holds `route`. */
function findChains(apps: readonly AppLike[], route: object): Step[][] {
	const chains: Step[][] = [];
	let visited = 0;
	const walk = (router: unknown, appIndex: number, steps: Step[]): void => {
		const stack = stackOf(router);
		if (stack === undefined || steps.length >= MAX_DEPTH) return;
		for (const layer of stack) {
			if (++visited > MAX_LAYERS) return;
			if (layer.route === route) chains.push(steps);
			if (layer.route !== undefined) continue;
			const handle = layer.handle as {name?: unknown} | undefined;
			if (stackOf(handle) !== undefined) walk(handle, appIndex, [...steps, {layer, app: undefined}]);
			else if (handle?.name === 'mounted_app' && appIndex + 1 < apps.length) {
				const app = apps[appIndex + 1]!;
				walk(routerOf(app), appIndex + 1, [...steps, {layer, app}]);
			}
		}
	};
	walk(routerOf(apps[0]!), 0, []);
	return chains;
}

/** A path pattern as a template: no trailing slash (Express ignores it), `/` for the root. */
function trimPattern(pattern: string): string {
	let end = pattern.length;
	while (end > 0 && pattern[end - 1] === '/') end--;
	return pattern.slice(0, end);
}

/** How often a route's chains are listed again when none matched (mounted later, or out of sight). */
const MAX_RELISTS = 4;

const cache = new WeakMap<object, Chains>();

/**
 * The mount patterns above `route` for a request whose `baseUrl` is `baseUrl` (`/people/:name` for
 * `/people/John-Smith`), or `undefined` when no chain of mount layers leads there (a router called by hand
 * from a middleware, or mounted some way the walk does not see).
 */
export function mountTemplate(app: AppLike, route: object, baseUrl: string): string | undefined {
	let known = cache.get(route);
	if (known === undefined) {
		known = {chains: findChains(appChain(app), route), relisted: 0};
		cache.set(route, known);
	}
	const template = firstMatch(known.chains, baseUrl);
	if (template !== undefined || known.relisted >= MAX_RELISTS) return template;
	// The tree may have grown since the chains were listed (a router mounted at one more path).
	known.relisted++;
	known.chains = findChains(appChain(app), route);
	return firstMatch(known.chains, baseUrl);
}

function firstMatch(chains: readonly (readonly Step[])[], baseUrl: string): string | undefined {
	for (const chain of chains) {
		const template = matchChain(chain, baseUrl);
		if (template !== undefined) return template;
	}
	return undefined;
}

/** The template of `path` through `steps`, when every level matches and together they take all of it. */
function matchChain(steps: readonly Step[], path: string): string | undefined {
	let rest = path;
	let template = '';
	for (const step of steps) {
		const level = matchLevel(step, rest);
		if (level === undefined) return undefined;
		template = joinPath(template, level.template);
		rest = rest.slice(level.matched.length);
		if (rest !== '' && rest[0] !== '/') {
			if (!level.matched.endsWith('/')) return undefined;
			rest = `/${rest}`;
		}
	}
	return rest === '' || rest === '/' ? template : undefined;
}

/**
 * The longest run of mount levels that `path` enters from the root app, as a template, when it differs from
 * the text it matched (a parameter or a RegExp among them); `undefined` otherwise. For requests no route
 * answered: Express has restored `baseUrl` by then.
 */
export function unroutedMountTemplate(app: AppLike, path: string): string | undefined {
	const apps = appChain(app);
	let best: {length: number; template: string} = {length: 0, template: ''};
	let visited = 0;
	const walk = (router: unknown, rest: string, taken: number, template: string, depth: number): void => {
		const stack = stackOf(router);
		if (stack === undefined || depth >= MAX_DEPTH) return;
		for (const layer of stack) {
			if (++visited > MAX_LAYERS) return;
			if (layer.route !== undefined) continue;
			const handle = layer.handle as {name?: unknown} | undefined;
			const nested = stackOf(handle) !== undefined;
			if (!nested && handle?.name !== 'mounted_app') continue;
			const level = matchLevel({layer, app: undefined}, rest);
			if (level === undefined) continue;
			const next = rest.slice(level.matched.length);
			if (next !== '' && next[0] !== '/' && !level.matched.endsWith('/')) continue;
			const length = taken + level.matched.length;
			const joined = joinPath(template, level.template);
			if (length > best.length) best = {length, template: joined};
			// A router mounted at `/` (matched '') is walked too: mounts with parameters may sit inside it.
			if (nested) walk(handle, next === '' || next[0] === '/' ? next : `/${next}`, length, joined, depth + 1);
		}
	};
	walk(routerOf(apps[0]!), path, 0, '', 0);
	if (best.length === 0 || best.template === path.slice(0, best.length)) return undefined;
	return best.template;
}

/** What `step`'s layer matches at the start of `path`, and its template; `undefined` when it does not. */
function matchLevel(step: Step, path: string): Level | undefined {
	const {layer} = step;
	if (layer.slash === true || layer.regexp?.fast_slash === true) return {matched: '', template: ''};
	const appPattern = typeof step.app?.mountpath === 'string' ? trimPattern(step.app.mountpath) : undefined;
	if (Array.isArray(layer.matchers)) {
		// router 2.x: one pure matcher per path (`layer.match` stores its result on the shared layer before
		// router 2.3); router ≥ 2.3 keeps the paths as `rawPath`, in the matchers' order.
		const matchers = layer.matchers as unknown[];
		const raw = layer.rawPath;
		for (let index = 0; index < matchers.length; index++) {
			const matcher = matchers[index];
			if (typeof matcher !== 'function') continue;
			const found = (matcher as (path: string) => unknown)(path) as
				{path?: unknown; params?: unknown} | false;
			if (!found || typeof found.path !== 'string') continue;
			const pattern: unknown = Array.isArray(raw) ? raw[index] : raw;
			const template =
				typeof pattern === 'string'
					? trimPattern(pattern)
					: pattern instanceof RegExp
						? regexpTemplate(pattern)
						: (appPattern ??
							// Before router 2.3 a RegExp's text outside its groups is unknown: no segment is kept.
							byValues(
								found.path,
								found.params,
								(matcher as {name?: unknown}).name === 'regexpMatcher' ? '' : undefined,
							));
			return {matched: found.path, template};
		}
		return undefined;
	}
	if (layer.regexp instanceof RegExp) return matchExpress4(layer, layer.regexp, path, appPattern);
	return undefined;
}

const copies = new WeakMap<RegExp, RegExp>();

/** Express 4: its `layer.match` stores the result on the shared layer, so a copy of its RegExp is run. */
function matchExpress4(
	layer: LayerLike,
	regexp: RegExp & {fast_star?: boolean},
	path: string,
	appPattern: string | undefined,
): Level | undefined {
	if (regexp.fast_star === true) return {matched: path, template: '/*'};
	let copy = copies.get(regexp);
	if (copy === undefined) {
		// Without g/y, exec keeps no state between calls.
		copy = new RegExp(regexp.source, regexp.flags.replace('g', '').replace('y', ''));
		copies.set(regexp, copy);
	}
	const found = copy.exec(path);
	if (found === null) return undefined;
	if (appPattern !== undefined) return {matched: found[0], template: appPattern};
	const params: Record<string, string> = {};
	const keys = layer.keys ?? [];
	for (let index = 1; index < found.length; index++) {
		const value = found[index];
		const key = keys[index - 1];
		if (value !== undefined) params[String(key?.name ?? index - 1)] = safeDecode(value);
	}
	return {matched: found[0], template: byValues(found[0], params, regexp.source)};
}

/**
 * A level's template rebuilt from the text it matched: each segment that holds a parameter's value, or is one
 * segment of a multi-segment value (a wildcard), becomes `:name`, and repeats of one name collapse; with
 * `source` (a RegExp's), a segment left is kept only if it is written literally in the source, else it
 * becomes `:param`.
 */
function byValues(matched: string, params: unknown, source: string | undefined): string {
	const whole: [string, string][] = [];
	const parts: [string, string][] = [];
	if (typeof params === 'object' && params !== null) {
		for (const [name, value] of Object.entries(params)) {
			const list: unknown[] = Array.isArray(value)
				? value
				: typeof value === 'string' && value.includes('/')
					? value.split('/')
					: [];
			if (list.length === 0 && typeof value === 'string' && value !== '') whole.push([name, value]);
			for (const part of list) if (typeof part === 'string' && part !== '') parts.push([name, part]);
		}
	}
	const literal = source === undefined ? undefined : source.replaceAll('\\', '').toLowerCase();
	let template = '';
	let last = '';
	for (const segment of matched.split('/')) {
		if (segment === '') continue;
		const decoded = safeDecode(segment);
		const owner =
			whole.find(([, value]) => decoded.includes(value)) ?? parts.find(([, part]) => part === decoded);
		let piece = owner === undefined ? segment : `:${owner[0]}`;
		if (owner === undefined && literal !== undefined && !literal.includes(segment.toLowerCase()))
			piece = ':param';
		if (piece !== last || !piece.startsWith(':')) template += `/${piece}`;
		last = piece;
	}
	return template;
}
