/**
 * A page's `url` given as an absolute address (`c.req.url` in Hono, `request.url` in a fetch handler) is cut to
 * the path Umami expects: Umami stores `url` as the page's path, so `http://127.0.0.1:3000/search` would be a page
 * of its own, apart from `/search`, and would show the app's internal host and port. The host becomes the
 * event's hostname when the call names none.
 */

/** The host and the path (with its query and fragment) of an absolute `http(s)://` URL; undefined otherwise. */
export function splitPageUrl(url: string): {host: string; path: string} | undefined {
	if (url.length < 8 || (url.charCodeAt(0) | 32) !== 104) return undefined;
	const lower = url.slice(0, 8).toLowerCase();
	const start = lower.startsWith('https://') ? 8 : lower.startsWith('http://') ? 7 : -1;
	if (start === -1) return undefined;
	let end = start;
	while (end < url.length) {
		const c = url.charCodeAt(end);
		if (c === 47 || c === 63 || c === 35) break;
		end++;
	}
	// A userinfo (`user:password@`) is never a host: only what follows its last `@`.
	const authority = url.slice(start, end);
	const host = authority.slice(authority.lastIndexOf('@') + 1);
	const rest = url.slice(end);
	return {host, path: rest.charCodeAt(0) === 47 ? rest : `/${rest}`};
}
