/**
 * The prefilter of `AUTH_SCHEME`, read by char code at one space or tab: an auth scheme's name (`Bearer`, `Basic`,
 * `Token`, `Digest`) in any case right before it. The one char-code scan (`scan.ts`) and the inert test
 * (`inert.ts`) ask it at each space they pass, which costs less than a regex over the whole string, and it finds
 * a credential whose token runs are short (`Bearer mF_9.B5f-4.1JqM`, the example of RFC 6750), which a run
 * length cannot.
 */

/** Whether `word` (lower case) ends right before `end` in `s`, in any case. */
function endsWithWord(s: string, end: number, word: string): boolean {
	const from = end - word.length;
	if (from < 0) return false;
	for (let k = 0; k < word.length; k++)
		if ((s.charCodeAt(from + k) | 32) !== word.charCodeAt(k)) return false;
	return true;
}

/** An auth scheme's name in any case right before the space or tab at `i`. */
export function endsWithAuthScheme(s: string, i: number): boolean {
	// Most words end in none of the schemes' last letters (`r`, `c`, `n`, `t`): one compare rejects them.
	switch (s.charCodeAt(i - 1) | 32) {
		case 114: {
			return endsWithWord(s, i, 'bearer');
		}
		case 99: {
			return endsWithWord(s, i, 'basic');
		}
		case 110: {
			return endsWithWord(s, i, 'token');
		}
		case 116: {
			return endsWithWord(s, i, 'digest');
		}
		default: {
			return false;
		}
	}
}
