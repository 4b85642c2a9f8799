/**
 * Which template of an array route (`app.get(['/view', '/view/*rest'], …)`) matched a request. Express 4 and
 * 5 keep the whole array as `req.route.path` and do not say which entry matched, so the request path is
 * compared segment by segment (no regular expressions) with each template, in Express's order.
 */

/** Longest array route considered, and most optional `{…}` groups expanded per template (2^n variants). */
const MAX_TEMPLATES = 32;
const MAX_OPTIONAL_GROUPS = 4;

/**
 * The first string template in `templates` that matches `path` (relative to the router's mount path);
 * the first string template when none matches (a syntax this matcher does not know still beats the raw
 * path, which may hold ids); `undefined` when there is no string template at all.
 */
export function pickRouteTemplate(templates: readonly unknown[], path: string): string | undefined {
	const candidates = templates
		.slice(0, MAX_TEMPLATES)
		.filter((template): template is string => typeof template === 'string');
	const segments = splitPath(path);
	for (const template of candidates) {
		if (variants(template).some((variant) => matches(splitPath(variant), segments))) return template;
	}
	return candidates[0];
}

/**
 * The parameter names `template` binds when it matches `path` (relative to the router's mount path): `:id` →
 * `id`, `*rest` and `{*rest}` → `rest`, Express 4's bare `*` → `0`, `1`, …; an optional part only when the path
 * has it. `undefined` when the template does not match the path, or in a syntax this matcher does not know.
 */
export function boundParams(template: string, path: string): string[] | undefined {
	const segments = splitPath(path);
	for (const variant of variants(template))
		if (matches(splitPath(variant), segments)) return paramNames(variant);
	return undefined;
}

/** Every parameter name in `template`, optional parts included (Express 4's unnamed regex groups are not read). */
export function paramNames(template: string): string[] {
	const names: string[] = [];
	let unnamed = 0;
	// Inside Express 4's regular expressions (`:path(.*)`) a `*` or `:` is no parameter.
	let depth = 0;
	for (let i = 0; i < template.length; i++) {
		const c = template[i];
		if (c === '(') depth++;
		else if (c === ')') depth = Math.max(0, depth - 1);
		if (depth > 0 || (c !== ':' && c !== '*')) continue;
		let end = i + 1;
		if (c === ':' && template[end] === '"') {
			const close = template.indexOf('"', end + 1);
			if (close === -1) break;
			names.push(template.slice(end + 1, close));
			i = close;
			continue;
		}
		while (end < template.length && isNameChar(template.charCodeAt(end))) end++;
		if (end > i + 1) names.push(template.slice(i + 1, end));
		else if (c === '*') names.push(String(unnamed++));
		i = end - 1;
	}
	return names;
}

/** A character of a parameter name: a letter, digit, `_` or `$`. */
function isNameChar(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Path segments without the empty ones (Express ignores a trailing slash unless `strict`). */
function splitPath(path: string): string[] {
	const query = path.indexOf('?');
	return (query === -1 ? path : path.slice(0, query)).split('/').filter((segment) => segment !== '');
}

/** Every spelling of a template with its optional parts: `{/:x}` (Express 5) and `:x?` (Express 4). */
function variants(template: string): string[] {
	let results = [template];
	for (let group = 0; group < MAX_OPTIONAL_GROUPS; group++) {
		const next: string[] = [];
		let expanded = false;
		for (const current of results) {
			const open = current.indexOf('{');
			const close = open === -1 ? -1 : current.indexOf('}', open);
			if (close !== -1) {
				expanded = true;
				next.push(current.slice(0, open) + current.slice(close + 1));
				next.push(current.slice(0, open) + current.slice(open + 1, close) + current.slice(close + 1));
				continue;
			}
			const optional = optionalParam(current);
			if (optional === undefined) {
				next.push(current);
				continue;
			}
			expanded = true;
			next.push(current.slice(0, optional.start) + current.slice(optional.end));
			next.push(current.slice(0, optional.end - 1) + current.slice(optional.end));
		}
		results = next;
		if (!expanded) break;
	}
	return results;
}

/** The first `/:name?` segment (Express 4's optional parameter), as `[start, end)` offsets. */
function optionalParam(template: string): {start: number; end: number} | undefined {
	let start = template.indexOf('/:');
	while (start !== -1) {
		let end = template.indexOf('/', start + 1);
		if (end === -1) end = template.length;
		if (template[end - 1] === '?') return {start, end};
		start = template.indexOf('/:', end);
	}
	return undefined;
}

/**
 * Literal segments compare case-insensitively (Express's default); a segment with a `:param` takes any one
 * segment; one starting with `*` (Express 4 `*`, Express 5 `*name`) takes the rest, at least one segment.
 */
function matches(template: readonly string[], path: readonly string[]): boolean {
	for (let index = 0; index < template.length; index++) {
		const segment = template[index]!;
		if (segment.startsWith('*')) return path.length > index;
		const actual = path[index];
		if (actual === undefined) return false;
		if (segment.includes(':') || segment.includes('*')) continue;
		if (segment.toLowerCase() !== actual.toLowerCase()) return false;
	}
	return template.length === path.length;
}
