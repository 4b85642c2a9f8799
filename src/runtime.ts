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

/**
 * The runtime's `process` when its functions may be called (Node, Bun, Deno, Workers' `nodejs_compat`);
 * undefined where there is none, and in an edge sandbox (Next.js middleware on the Edge runtime, Vercel Edge,
 * which define `EdgeRuntime`): there `process` is a stand-in whose every Node function throws when called
 * ("A Node.js API is used (process.on) which is not supported in the Edge Runtime"), so none may be.
 */
export function usableProcess<P extends object>(): Partial<P> | undefined {
	const scope = globalThis as unknown as {process?: Partial<P>; EdgeRuntime?: unknown};
	return scope.EdgeRuntime === undefined ? scope.process : undefined;
}

/** A Node built-in module, or undefined where the runtime has none. */
export function getBuiltin<K extends keyof Builtins>(name: K): Builtins[K] | undefined {
	const processObject = usableProcess<{getBuiltinModule: (id: string) => unknown}>();
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
	const processObject = usableProcess<{cwd: () => string}>();
	try {
		return processObject?.cwd?.();
	} catch {
		return undefined;
	}
}
