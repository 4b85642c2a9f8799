/** URL helpers shared by the transport and the CLI. */

/** `url` without its trailing slashes (a loop, not a regex: linear on any input). */
export function trimSlashes(url: string): string {
	let end = url.length;
	while (end > 0 && url.codePointAt(end - 1) === 0x2f) end--;
	return url.slice(0, end);
}
