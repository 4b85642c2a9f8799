import type * as Yaml from 'yaml';
import {ConfigError, type ConfigSource} from '../errors.js';
import {FILE_KEYS, SECTIONS} from './keys.js';
import {getBuiltin} from '../runtime.js';
import {suggest, unknownKey, type SourcedValue} from './schema.js';

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
	/** Every problem found, in file order (the values above leave out what a problem concerns). */
	readonly problems: readonly ConfigError[];
	/**
	 * Problems that concern one app only, by app name: the unset `${VAR}`s of its `apps.<name>` section. In a
	 * monorepo each app's process sets its own variables, so another app's unset one is no problem here.
	 */
	readonly appProblems: ReadonlyMap<string, readonly ConfigError[]>;
	/**
	 * Keys no setting has, under `umami:` (each with its line and the nearest known key): ignored, and warned
	 * about, so that a typo in one key leaves the rest of the file in force (`strict` makes them problems).
	 */
	readonly unknownKeys: readonly ConfigError[];
	/** The unknown keys of each `apps.<name>` section, by app name: each app's process warns of its own. */
	readonly appUnknownKeys: ReadonlyMap<string, readonly ConfigError[]>;
	/**
	 * Keys under `umami:` whose value came out empty from a `${VAR}` set to an empty string (each with its line and
	 * variables): not set, as an empty env var is, and warned about (`strict` makes them problems).
	 */
	readonly emptyKeys: readonly ConfigError[];
	/** The empty keys of each `apps.<name>` section, by app name. */
	readonly appEmptyKeys: ReadonlyMap<string, readonly ConfigError[]>;
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

/** YAML errors that mean "this line is indented deeper than the key above it": reported at that line, once. */
const DEEPER_INDENT = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

/** The line a YAML error is about (1-based). */
function yamlErrorLine(
	problem: Yaml.YAMLError,
	text: string,
	lineCounter: Yaml.LineCounter,
): number | undefined {
	if (problem.pos[0] < 0) return problem.linePos?.[0].line;
	if (DEEPER_INDENT.has(problem.code)) {
		// The parser points at the value of the key above (`enabled: true` of a line followed by an
		// over-indented `  debug: true`): the line to fix is the next one that is not blank.
		let at = text.indexOf('\n', problem.pos[0]);
		while (at !== -1 && at + 1 < text.length && /\s/.test(text.charAt(at + 1))) at++;
		if (at !== -1 && at + 1 < text.length) return lineCounter.linePos(at + 1).line;
	}
	return lineCounter.linePos(problem.pos[0]).line;
}

/**
 * Parses configuration text safely (core schema only: no custom tags, no code; alias expansions capped),
 * checks every key against the schema (unknown keys get a "did you mean …?"), and interpolates `${VAR}`.
 * Never throws: every problem is in `problems`, each with its line. `required`: a file without an `umami:`
 * section is a problem (a file the user named); otherwise only when a top-level key looks like a misspelt
 * `umami` (the app's own `config.yaml` is not ours to judge).
 */
export function parseConfigText(text: string, path: string, env: Env, required = true): FileConfig {
	const empty = (problems: ConfigError[]): FileConfig => ({
		path,
		base: new Map(),
		apps: new Map(),
		problems,
		appProblems: new Map(),
		unknownKeys: [],
		appUnknownKeys: new Map(),
		emptyKeys: [],
		appEmptyKeys: new Map(),
	});
	if (text.length > MAX_CONFIG_BYTES)
		return empty([fileError(path, `the text is ${text.length} characters`)]);
	let yaml: typeof Yaml;
	try {
		yaml = loadYamlModule(path);
	} catch (error) {
		return empty([error as ConfigError]);
	}
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
	const syntax: ConfigError[] = [];
	const seen = new Set<string>();
	for (const problem of [...document.errors, ...document.warnings]) {
		const line = yamlErrorLine(problem, text, lineCounter);
		const deeper = DEEPER_INDENT.has(problem.code);
		const id = deeper ? `indent:${line}` : `${problem.code}:${line}`;
		if (seen.has(id)) continue;
		seen.add(id);
		const message = deeper
			? 'this line is indented deeper than the key above it'
			: `YAML ${problem.code}: ${(problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
		syntax.push(fileError(path, message, problem, line));
	}
	if (syntax.length > 0) return empty(syntax);
	let root: unknown;
	try {
		root = document.toJS({maxAliasCount: MAX_ALIAS_COUNT});
	} catch (error) {
		return empty([fileError(path, `YAML could not be expanded: ${(error as Error).message}`, error)]);
	}
	const rootNode = document.contents;
	if (
		root !== null &&
		root !== undefined &&
		(!yaml.isMap(rootNode) || typeof root !== 'object' || Array.isArray(root))
	)
		return empty([fileError(path, 'the top level is not a mapping', undefined, lineOf(rootNode))]);
	const pairs = yaml.isMap(rootNode) ? rootNode.items : [];
	const umamiPair = pairs.find((pair) => yaml.isScalar(pair.key) && pair.key.value === 'umami');
	if (!umamiPair) {
		const names = pairs.map((pair) => (yaml.isScalar(pair.key) ? String(pair.key.value) : ''));
		const near = names.find((name) => suggest(name, ['umami']) !== undefined);
		if (!required && near === undefined) return empty([]);
		const at = pairs.find((pair) => yaml.isScalar(pair.key) && String(pair.key.value) === near);
		return empty([
			new ConfigError({
				key: near === undefined ? 'umami' : near,
				source: {kind: 'file', path, line: at ? lineOf(at.key as Yaml.Node) : 1},
				expected:
					near === undefined
						? 'an `umami:` section at the top level that holds the settings'
						: 'a known key — did you mean "umami"?',
				problem: near === undefined ? 'the file has no `umami:` section' : 'unknown top-level key',
				code: 'CONFIG_FILE',
			}),
		]);
	}
	if (!yaml.isMap(umamiPair.value)) {
		return empty([
			new ConfigError({
				key: 'umami',
				source: {kind: 'file', path, line: lineOf(umamiPair.key as Yaml.Node)},
				expected: 'a mapping of settings',
				problem: 'it is not a mapping',
			}),
		]);
	}
	const problems: ConfigError[] = [];
	const apps = new Map<string, Map<string, SourcedValue>>();
	const appProblems = new Map<string, ConfigError[]>();
	const unknownKeys: ConfigError[] = [];
	const appUnknownKeys = new Map<string, ConfigError[]>();
	const emptyKeys: ConfigError[] = [];
	const appEmptyKeys = new Map<string, ConfigError[]>();
	const values = (root as Record<string, unknown>)['umami'] as Record<string, unknown>;
	const walk: Walk = {
		yaml,
		path,
		env,
		lineOf,
		problems,
		unset: problems,
		unknown: unknownKeys,
		empty: emptyKeys,
		scope: 'umami.',
	};
	const into = {apps, problems: appProblems, unknown: appUnknownKeys, empty: appEmptyKeys};
	const base = collect(walk, umamiPair.value, values, '', into);
	return {path, base, apps, problems, appProblems, unknownKeys, appUnknownKeys, emptyKeys, appEmptyKeys};
}

/** What every step of the walk over the `umami:` mapping shares. */
interface Walk {
	readonly yaml: typeof Yaml;
	readonly path: string;
	readonly env: Env;
	readonly lineOf: (node: Yaml.Node | null | undefined) => number;
	readonly problems: ConfigError[];
	/** Where an unset `${VAR}` goes: `problems`, or the list of the app whose section is walked. */
	readonly unset: ConfigError[];
	/** Where an unknown key goes: the file's list, or the list of the app whose section is walked. */
	readonly unknown: ConfigError[];
	/** Where a key emptied by its `${VAR}` goes: the file's list, or the list of the app whose section is walked. */
	readonly empty: ConfigError[];
	/** The section's key as the user wrote it, before the key below it: `umami.` or `umami.apps.<name>.`. */
	readonly scope: string;
}

/** Where the `apps:` section's values and app-only problems go (only the walk of `umami:` itself has one). */
interface AppsInto {
	readonly apps: Map<string, Map<string, SourcedValue>>;
	readonly problems: Map<string, ConfigError[]>;
	readonly unknown: Map<string, ConfigError[]>;
	readonly empty: Map<string, ConfigError[]>;
}

function collect(
	walk: Walk,
	map: Yaml.YAMLMap,
	values: Record<string, unknown>,
	prefix: string,
	apps: AppsInto | undefined,
	into: Map<string, SourcedValue> = new Map(),
): Map<string, SourcedValue> {
	const {yaml, path, lineOf, problems, scope} = walk;
	const notMapping = (key: string, line: number, problem: string): void => {
		problems.push(
			new ConfigError({key, source: {kind: 'file', path, line}, expected: 'a mapping of settings', problem}),
		);
	};
	for (const pair of map.items) {
		const keyNode = pair.key as Yaml.Node;
		const name = yaml.isScalar(keyNode) ? String(keyNode.value) : '';
		const key = prefix + name;
		const line = lineOf(keyNode);
		if (apps && prefix === '' && name === 'apps') {
			collectApps(walk, pair.value as Yaml.Node, values['apps'], apps, line);
			continue;
		}
		if (prefix === '' && SECTIONS.has(name)) {
			if (pair.value === null || yaml.isScalar(pair.value)) {
				if (yaml.isScalar(pair.value) && pair.value.value !== null)
					notMapping(scope + key, line, 'it is a single value');
				continue;
			}
			if (!yaml.isMap(pair.value)) {
				notMapping(scope + key, line, 'it is not a mapping');
				continue;
			}
			collect(walk, pair.value, values[name] as Record<string, unknown>, `${key}.`, undefined, into);
			continue;
		}
		if (!(key in FILE_KEYS)) {
			const known = Object.keys(FILE_KEYS)
				.filter((candidate) => candidate.startsWith(prefix))
				.map((candidate) => candidate.slice(prefix.length))
				.concat(prefix === '' ? [...SECTIONS, 'apps'] : []);
			walk.unknown.push(unknownKey(scope + key, {kind: 'file', path, line}, name, known));
			continue;
		}
		let value: unknown;
		try {
			value = interpolateDeep(values[name], walk.env, scope + key, path, line);
		} catch (error) {
			walk.unset.push(error as ConfigError);
			continue;
		}
		if (value === null || value === '') {
			const raw = values[name];
			const empty =
				value === '' && typeof raw === 'string'
					? emptyKey(scope + key, {kind: 'file', path, line}, raw, walk.env)
					: undefined;
			if (empty) walk.empty.push(empty);
			continue;
		}
		const source = {kind: 'file', path, line: lineOf(pair.value as Yaml.Node) || line} as const;
		into.set(key, scope === 'umami.' ? {value, source} : {value, source, key: scope + key});
	}
	return into;
}

function collectApps(
	walk: Walk,
	node: Yaml.Node | null,
	values: unknown,
	into: AppsInto,
	line: number,
): void {
	const {yaml, path, lineOf, problems} = walk;
	if (node === null || (yaml.isScalar(node) && node.value === null)) return;
	if (!yaml.isMap(node)) {
		problems.push(
			new ConfigError({
				key: 'umami.apps',
				source: {kind: 'file', path, line},
				expected: 'a mapping of app names to settings',
				problem: 'it is not a mapping',
			}),
		);
		return;
	}
	for (const pair of node.items) {
		const appName = yaml.isScalar(pair.key) ? String(pair.key.value) : '';
		if (!yaml.isMap(pair.value)) {
			problems.push(
				new ConfigError({
					key: `umami.apps.${appName}`,
					source: {kind: 'file', path, line: lineOf(pair.key as Yaml.Node)},
					expected: 'a mapping of settings',
					problem: 'it is not a mapping',
				}),
			);
			continue;
		}
		const appValues = (values as Record<string, Record<string, unknown>>)[appName] ?? {};
		const unset: ConfigError[] = [];
		const unknown: ConfigError[] = [];
		const empty: ConfigError[] = [];
		const scope = `umami.apps.${appName}.`;
		into.apps.set(
			appName,
			collect({...walk, unset, unknown, empty, scope}, pair.value, appValues, '', undefined),
		);
		if (unset.length > 0) into.problems.set(appName, unset);
		if (unknown.length > 0) into.unknown.set(appName, unknown);
		if (empty.length > 0) into.empty.set(appName, empty);
	}
}

/**
 * The finding of a key whose `${VAR}`s made its value empty: the variables set to an empty string, by name — never
 * a value. None when no variable was (`${VAR:-}` is empty on purpose).
 */
function emptyKey(key: string, source: ConfigSource, raw: string, env: Env): ConfigError | undefined {
	const names: string[] = [];
	for (const [, name, fallback] of raw.matchAll(VARIABLE))
		if (fallback === undefined && name !== undefined && env[name] === '' && !names.includes(name))
			names.push(name);
	if (names.length === 0) return undefined;
	const listed = names.map((name) => `\${${name}}`).join(' and ');
	return new ConfigError({
		key,
		source,
		problem: names.length > 1 ? `${listed} are set but empty` : `${listed} is set but empty`,
		expected: 'a value, or the key left out: an empty value counts as not set (as an empty env var does)',
	});
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
