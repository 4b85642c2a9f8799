/**
 * Access to Node built-ins without a static `import` of `node:*`, so the core stays loadable in runtimes
 * without them (Cloudflare Workers, browsers' edge builds). Node ≥ 20.16, Bun and Deno provide
 * `process.getBuiltinModule`; elsewhere these return undefined and the caller degrades (no config file).
 */
interface Builtins {
	'node:fs': typeof import('node:fs');
	'node:module': typeof import('node:module');
	'node:path': typeof import('node:path');
	'node:crypto': typeof import('node:crypto');
	'node:http': typeof import('node:http');
	'node:https': typeof import('node:https');
}

/** A Node built-in module, or undefined where the runtime has none. */
export function getBuiltin<K extends keyof Builtins>(name: K): Builtins[K] | undefined {
	const processObject = (globalThis as {process?: {getBuiltinModule?: (id: string) => unknown}}).process;
	try {
		return processObject?.getBuiltinModule?.(name) as Builtins[K] | undefined;
	} catch {
		return undefined;
	}
}

/** The process environment, or an empty object where the runtime has none. */
export function processEnv(): Readonly<Record<string, string | undefined>> {
	const processObject = (globalThis as {process?: {env?: Record<string, string | undefined>}}).process;
	return processObject?.env ?? {};
}

/** The current working directory, or undefined. */
export function currentDirectory(): string | undefined {
	const processObject = (globalThis as {process?: {cwd?: () => string}}).process;
	try {
		return processObject?.cwd?.();
	} catch {
		return undefined;
	}
}
