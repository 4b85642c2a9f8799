import type * as Yaml from 'yaml';
import {ConfigError} from '../errors.js';
import {FILE_KEYS, SECTIONS} from './keys.js';
import {getBuiltin} from './runtime.js';
import {suggest, type SourcedValue} from './schema.js';

/** Largest configuration file read, in bytes. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Most alias expansions accepted in one file (guards against "billion laughs"). */
export const MAX_ALIAS_COUNT = 50;

/** The values of one configuration file, by dotted key, with file:line sources. */
export interface FileConfig {
	readonly path: string;
	/** Keys under `umami:`. */
	readonly base: ReadonlyMap<string, SourcedValue>;
	/** Keys under `umami.apps.<name>:`, by app name. */
	readonly apps: ReadonlyMap<string, ReadonlyMap<string, SourcedValue>>;
}

type Env = Readonly<Record<string, string | undefined>>;

const VARIABLE = /\$\{([a-z_]\w*)(?::-([^}]*))?\}/gi;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in a string with env var values — and nothing else: no commands,
 * no nested expressions. `${VAR}` with VAR unset and no default throws a {@link ConfigError}.
 */
export function interpolate(text: string, env: Env, key: string, path: string, line: number): string {
	if (!text.includes('${')) return text;
	return text.replace(VARIABLE, (_match, name: string, fallback: string | undefined) => {
		const value = env[name];
		if (value !== undefined && (value !== '' || fallback === undefined)) return value;
		if (fallback !== undefined) return fallback;
		throw new ConfigError({
			key,
			source: {kind: 'file', path, line},
			expected: `env var ${name} to be set, or a default such as \${${name}:-value}`,
			problem: `\${${name}} is not set`,
		});
	});
}

function loadYamlModule(path: string): typeof Yaml {
	const nodeModule = getBuiltin('node:module');
	try {
		if (nodeModule) return nodeModule.createRequire(import.meta.url)('yaml') as typeof Yaml;
	} catch (error) {
		throw fileError(path, 'the "yaml" package could not be loaded', error);
	}
	throw fileError(
		path,
		'this runtime cannot load modules synchronously (needs Node.js ≥ 20.16, Bun or Deno)',
	);
}

function fileError(path: string, problem: string, cause?: unknown, line?: number): ConfigError {
	return new ConfigError(
		{
			key: 'config file',
			source: line === undefined ? {kind: 'file', path} : {kind: 'file', path, line},
			expected: 'a readable YAML file of at most 256 KiB with an `umami:` mapping',
			problem,
			code: 'CONFIG_FILE',
		},
		cause === undefined ? {} : {cause},
	);
}

/** Reads a file's text, or throws a `CONFIG_FILE` error that says why. */
export function readConfigText(path: string): string {
	const fs = getBuiltin('node:fs');
	if (!fs) throw fileError(path, 'this runtime has no file system');
	let size: number;
	try {
		size = fs.statSync(path).size;
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		throw fileError(
			path,
			code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${String(code)})`,
			error,
		);
	}
	if (size > MAX_CONFIG_BYTES) throw fileError(path, `the file is ${size} bytes`);
	try {
		return fs.readFileSync(path, 'utf8');
	} catch (error) {
		throw fileError(path, `the file cannot be read (${String((error as {code?: unknown}).code)})`, error);
	}
}

/**
 * Parses configuration text safely (core schema only: no custom tags, no code; alias expansions capped),
 * checks every key against the schema (unknown keys get a "did you mean …?"), and interpolates `${VAR}`.
 */
export function parseConfigText(text: string, path: string, env: Env): FileConfig {
	if (text.length > MAX_CONFIG_BYTES) throw fileError(path, `the text is ${text.length} characters`);
	const yaml = loadYamlModule(path);
	const lineCounter = new yaml.LineCounter();
	const document = yaml.parseDocument(text, {
		lineCounter,
		schema: 'core',
		customTags: [],
		uniqueKeys: true,
		prettyErrors: true,
		strict: true,
	});
	const lineOf = (node: {range?: [number, number, number] | null} | null | undefined): number =>
		node?.range ? lineCounter.linePos(node.range[0]).line : 1;
	const problem = document.errors[0] ?? document.warnings[0];
	if (problem) {
		const line =
			problem.linePos?.[0].line ??
			(problem.pos[0] >= 0 ? lineCounter.linePos(problem.pos[0]).line : undefined);
		throw fileError(
			path,
			`YAML ${problem.code}: ${(problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
			problem,
			line,
		);
	}
	let root: unknown;
	try {
		root = document.toJS({maxAliasCount: MAX_ALIAS_COUNT});
	} catch (error) {
		throw fileError(path, `YAML could not be expanded: ${(error as Error).message}`, error);
	}
	if (root === null || root === undefined) return {path, base: new Map(), apps: new Map()};
	const rootNode = document.contents;
	if (!yaml.isMap(rootNode) || typeof root !== 'object' || Array.isArray(root)) {
		throw fileError(path, 'the top level is not a mapping', undefined, lineOf(rootNode));
	}
	const umamiPair = rootNode.items.find((pair) => yaml.isScalar(pair.key) && pair.key.value === 'umami');
	if (!umamiPair) return {path, base: new Map(), apps: new Map()};
	if (!yaml.isMap(umamiPair.value)) {
		throw new ConfigError({
			key: 'umami',
			source: {kind: 'file', path, line: lineOf(umamiPair.key as Yaml.Node)},
			expected: 'a mapping of settings',
			problem: 'it is not a mapping',
		});
	}
	const apps = new Map<string, Map<string, SourcedValue>>();
	const values = (root as Record<string, unknown>)['umami'] as Record<string, unknown>;
	const base = collect(yaml, umamiPair.value, values, '', path, env, lineOf, apps);
	return {path, base, apps};
}

function collect(
	yaml: typeof Yaml,
	map: Yaml.YAMLMap,
	values: Record<string, unknown>,
	prefix: string,
	path: string,
	env: Env,
	lineOf: (node: Yaml.Node | null | undefined) => number,
	apps: Map<string, Map<string, SourcedValue>> | undefined,
	into: Map<string, SourcedValue> = new Map(),
): Map<string, SourcedValue> {
	for (const pair of map.items) {
		const keyNode = pair.key as Yaml.Node;
		const name = yaml.isScalar(keyNode) ? String(keyNode.value) : '';
		const key = prefix + name;
		const line = lineOf(keyNode);
		if (apps && prefix === '' && name === 'apps') {
			collectApps(yaml, pair.value as Yaml.Node, values['apps'], path, env, lineOf, apps, line);
			continue;
		}
		if (prefix === '' && SECTIONS.has(name)) {
			if (pair.value === null || yaml.isScalar(pair.value)) {
				if (yaml.isScalar(pair.value) && pair.value.value !== null) {
					throw new ConfigError({
						key: `umami.${key}`,
						source: {kind: 'file', path, line},
						expected: 'a mapping of settings',
						problem: 'it is a single value',
					});
				}
				continue;
			}
			if (!yaml.isMap(pair.value)) {
				throw new ConfigError({
					key: `umami.${key}`,
					source: {kind: 'file', path, line},
					expected: 'a mapping of settings',
					problem: 'it is not a mapping',
				});
			}
			collect(
				yaml,
				pair.value,
				values[name] as Record<string, unknown>,
				`${key}.`,
				path,
				env,
				lineOf,
				undefined,
				into,
			);
			continue;
		}
		if (!(key in FILE_KEYS)) {
			const known = Object.keys(FILE_KEYS)
				.filter((candidate) => candidate.startsWith(prefix))
				.map((candidate) => candidate.slice(prefix.length))
				.concat(prefix === '' ? [...SECTIONS, 'apps'] : []);
			const hint = suggest(name, known);
			throw new ConfigError({
				key: `umami.${key}`,
				source: {kind: 'file', path, line},
				expected:
					hint === undefined ? `one of: ${known.join(', ')}` : `a known key — did you mean "${hint}"?`,
				problem: 'unknown key',
			});
		}
		const value = interpolateDeep(values[name], env, `umami.${key}`, path, line);
		if (value === null || value === '') continue;
		into.set(key, {value, source: {kind: 'file', path, line: lineOf(pair.value as Yaml.Node) || line}});
	}
	return into;
}

function collectApps(
	yaml: typeof Yaml,
	node: Yaml.Node | null,
	values: unknown,
	path: string,
	env: Env,
	lineOf: (node: Yaml.Node | null | undefined) => number,
	apps: Map<string, Map<string, SourcedValue>>,
	line: number,
): void {
	if (node === null || (yaml.isScalar(node) && node.value === null)) return;
	if (!yaml.isMap(node)) {
		throw new ConfigError({
			key: 'umami.apps',
			source: {kind: 'file', path, line},
			expected: 'a mapping of app names to settings',
			problem: 'it is not a mapping',
		});
	}
	for (const pair of node.items) {
		const appName = yaml.isScalar(pair.key) ? String(pair.key.value) : '';
		const appLine = lineOf(pair.key as Yaml.Node);
		if (!yaml.isMap(pair.value)) {
			throw new ConfigError({
				key: `umami.apps.${appName}`,
				source: {kind: 'file', path, line: appLine},
				expected: 'a mapping of settings',
				problem: 'it is not a mapping',
			});
		}
		const appValues = (values as Record<string, Record<string, unknown>>)[appName] ?? {};
		apps.set(appName, collect(yaml, pair.value, appValues, '', path, env, lineOf, undefined));
	}
}

function interpolateDeep(value: unknown, env: Env, key: string, path: string, line: number): unknown {
	if (typeof value === 'string') return interpolate(value, env, key, path, line);
	if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env, key, path, line));
	if (typeof value === 'object' && value !== null) {
		const result: Record<string, unknown> = {};
		for (const [name, item] of Object.entries(value)) {
			if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
			result[name] = interpolateDeep(item, env, key, path, line);
		}
		return result;
	}
	return value;
}
