/**
 * Product codes that have a phone number's or a card's shape: ISBN-10 (a `0` first is the trunk prefix's shape),
 * UPC-A and EAN-13 (GS1 check digit; a 13-digit code starting with `4` can pass Luhn as an old 13-digit Visa
 * would). Each is recognised by its check digit, so a phone number passes only by chance (one in ten or eleven);
 * the caller lets a phone word before the run win over it.
 */

/** Ten bare digits whose weighted sum (10 down to 1) is 0 mod 11: an ISBN-10 without the `X` check digit. */
export function isIsbn10(digits: string): boolean {
	if (digits.length !== 10) return false;
	let sum = 0;
	for (let i = 0; i < 10; i++) sum += (10 - i) * (digits.charCodeAt(i) - 48);
	return sum % 11 === 0;
}

/** Twelve or thirteen bare digits with a valid GS1 check digit (weights 3 and 1 from the right): UPC-A, EAN-13. */
export function isGs1(digits: string): boolean {
	const n = digits.length;
	if (n !== 12 && n !== 13) return false;
	let sum = 0;
	for (let i = 0; i < n; i++) sum += (digits.charCodeAt(n - 1 - i) - 48) * (i % 2 === 1 ? 3 : 1);
	return sum % 10 === 0;
}

/** A bare run that is an ISBN-10, UPC-A or EAN-13 by its check digit. */
export function isProductCode(digits: string): boolean {
	return isIsbn10(digits) || isGs1(digits);
}
