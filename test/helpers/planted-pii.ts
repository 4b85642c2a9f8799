/** Personal data of every class the detector knows, planted by the `audit` tests. */

/** One raw value per class, as the browser tracker or old server code would have stored them. */
export const RAW = {
	email: 'jane.doe@example.com',
	uuid: '3f2b8c1e-4a5d-4e6f-9a7b-1c2d3e4f5a6b',
	phone: '+44 20 7946 0958',
	card: '4111111111111111',
	jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
	hex: '0123456789abcdef0123456789abcdef',
	ip: '203.0.113.77',
	iban: 'DE89370400440532013000',
	ssn: '123-45-6789',
	mac: '00:1A:2B:3C:4D:5E',
	api_key: 'sk_live_51HxJk2eZvKYlo2C0aBcDeFgHiJkLmNoP',
} as const;
