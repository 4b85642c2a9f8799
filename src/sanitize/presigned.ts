/**
 * Query parameters of cloud pre-signed URLs that are not secret. Of an S3 or GCS signed URL only the signature,
 * the credential and the security token are (the key rules find those by name); the algorithm, the signing
 * date, the expiry and the signed header list are kept, so a log still tells when a link was made and for how long.
 * Of an Azure SAS token only `sig` is secret: its `sv`, `sp`, `st` and `se` are no sensitive keys at all.
 */

const PUBLIC_PARAMS = new Set([
	'x-amz-algorithm',
	'x-amz-date',
	'x-amz-expires',
	'x-amz-signedheaders',
	'x-goog-algorithm',
	'x-goog-date',
	'x-goog-expires',
	'x-goog-signedheaders',
]);

/** True for a pre-signed URL parameter name whose value is not secret (`X-Amz-Date`, `X-Goog-Expires`). */
export function isPublicSignedParam(name: string): boolean {
	const c = name.charCodeAt(0);
	return (c === 88 || c === 120) && name.length >= 10 && PUBLIC_PARAMS.has(name.toLowerCase());
}
