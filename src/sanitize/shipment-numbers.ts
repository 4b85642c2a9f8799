/**
 * Shipment and postal numbers that other rules would take for secrets or phone numbers: UPS tracking numbers
 * (18 characters of mixed capitals and digits, which look like API keys), DHL Express waybills (10 bare digits,
 * the shape of a North American phone number) and US ZIP+4 codes (`12345-6789`, a dashed 5-4 run). Each is
 * recognised by its check digit or exact shape, so a random token or a phone number passes only by chance.
 */

/** `1Z` + 15 capitals/digits + the UPS mod-10 check digit (letters count as (code − 63) mod 10). */
export function isUpsTracking(s: string): boolean {
	if (s.length !== 18 || s.charCodeAt(0) !== 49 || s.charCodeAt(1) !== 90) return false;
	let sum = 0;
	for (let i = 2; i < 17; i++) {
		const c = s.charCodeAt(i);
		let v: number;
		if (c >= 48 && c <= 57) v = c - 48;
		else if (c >= 65 && c <= 90) v = (c - 63) % 10;
		else return false;
		sum += (i - 2) % 2 === 1 ? v * 2 : v;
	}
	const check = s.charCodeAt(17) - 48;
	return check === (10 - (sum % 10)) % 10;
}

/** Ten bare digits whose last is the first nine mod 7 (DHL Express waybill). */
export function isDhlWaybill(digits: string): boolean {
	if (digits.length !== 10) return false;
	return Number(digits.slice(0, 9)) % 7 === digits.charCodeAt(9) - 48;
}

/** Exactly `ddddd-dddd`: a US ZIP+4 code. */
export function isZipPlus4(run: string): boolean {
	if (run.length !== 10 || run.charCodeAt(5) !== 45) return false;
	for (let i = 0; i < 10; i++) {
		if (i === 5) continue;
		const c = run.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return true;
}
