/**
 * Sensitive keys in other languages (issue 15, family 3): passwords, codes, secrets, security answers, emails,
 * account numbers, tax and national ids under keys in the corpora's 14 languages; a phone-shaped number under a
 * phone-like key; card codes (`cvc 123`) in text. Before, only English key words counted.
 */
import {describe, expect, it} from 'vitest';
import {detectPii, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies([
	'intl-keys/secret',
	'intl-keys/phone',
	'intl-keys/email',
	'intl-keys/account',
	'intl-keys/id',
	'intl-keys/keep',
]);

describe('secrets under keys in other languages', () => {
	it('redacts the password keys of the trial report', () => {
		const input = {
			passwort: 'Geheim123!',
			kennwort: 'Sommer2026',
			mot_de_passe: 'azerty123',
			contraseña: 'MiClave2026',
			clave: 'hunter22',
			パスワード: 'himitsu-2026',
			пароль: 'qwerty2026',
			hasło: 'Tajne2026!',
		};
		const out = sanitizeData(input);
		for (const k of Object.keys(input)) expect(out[k], k).toBe('[REDACTED]');
		expect(detectPii(input)).toEqual(['secret']);
	});

	it.each([
		'contrasena',
		'haslo',
		'sifre',
		'şifre',
		'ŞİFRE',
		'parol',
		'senha',
		'wachtwoord',
		'lösenord',
		'losenord',
		'密码',
		'登录密码',
		'ログインパスワード',
		'كلمة_المرور',
		'كلمة المرور',
		'motDePasse',
		'benutzerPasswort',
		'senha_atual',
		'passwort_neu',
		'codigo_de_verificacion',
		'código_de_verificación',
		'kod_weryfikacyjny',
		'код_подтверждения',
		'doğrulama_kodu',
		'验证码',
		'security_answer',
		'secretAnswer',
		'respuesta_secreta',
		'steuer_id',
		'steuerId',
		'pesel',
		'nif',
		'nie',
		'codice_fiscale',
		'bsn',
		'cpf',
		'snils',
		'снилс',
		'tc_kimlik_no',
		'personnummer',
		'kontonummer',
		'numero_de_cuenta',
		'numero_cuenta',
		'номер_счета',
		'courriel',
		'correo_electronico',
	])('%s', (key) => {
		expect(sanitizeData({[key]: 'Abc-12345'})[key]).toMatch(/^\[REDACTED/);
	});

	it('reads them in URL queries and in key: value text', () => {
		expect(sanitizeUrl('/login?passwort=Geheim123&lang=de')).toBe('/login?passwort=[REDACTED]&lang=de');
		expect(sanitizeUrl('/a?%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C=qwerty2026')).toBe(
			'/a?%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C=[REDACTED]',
		);
		expect(sanitizeText('haslo: Tajne2026! ok')).toBe('haslo: [REDACTED] ok');
		expect(sanitizeText('пароль: qwerty2026, ok')).toBe('пароль: [REDACTED], ok');
		expect(sanitizeText('contraseña=MiClave2026')).toBe('contraseña=[REDACTED]');
		expect(sanitizeText('パスワード：himitsu-2026')).toBe('パスワード：[REDACTED]');
		expect(sanitizeText('Votre mot de passe: azerty123')).toBe('Votre mot de passe: [REDACTED]');
		expect(sanitizeText('كلمة المرور: abc12345')).toBe('كلمة المرور: [REDACTED]');
	});
});

describe('numbers under phone-like keys', () => {
	it.each([
		[{mobile: '4155552671'}],
		[{телефон: '89123456789'}],
		[{móvil: '612345678'}],
		[{tel: '512345678'}],
		[{tel: 512345678}],
		[{fax_nr: '030 1234567'}],
		[{cep_telefonu: '05321234567'}],
		[{手机号: 13812345678}],
		[{رقم_الهاتف: '0501234567'}],
	])('%j', (input) => {
		const [k] = Object.keys(input);
		expect(sanitizeData(input)[k ?? '']).toBe('[REDACTED_PHONE]');
		expect(detectPii(input)).toEqual(['phone']);
	});

	it('reads them in URL queries', () => {
		expect(sanitizeUrl('/a?telefon=4155552671&b=2')).toBe('/a?telefon=[REDACTED_PHONE]&b=2');
		expect(sanitizeUrl('/a?mobile=%2B14155552671')).toBe('/a?mobile=[REDACTED_PHONE]');
	});

	it.each([
		[{mobile: true}],
		[{mobile: 'ios'}],
		[{tel: 'home'}],
		[{hotel: 5123456789}],
		[{motel: 5123456789}],
		[{fax_count: 3}],
		[{has_phone: 4155552671}],
		[{mobile: 12345}],
		[{tel: '12-34'}],
	])('keeps %j', (input) => {
		expect(sanitizeData(input)).toEqual(input);
	});

	it('keeps a mobile flag in a URL (no longer a sensitive query key)', () => {
		expect(sanitizeUrl('/a?mobile=1&tel=home')).toBe('/a?mobile=1&tel=home');
	});
});

describe('card codes in text', () => {
	it.each([
		['card cvc 123 exp 12/27', 'card cvc [REDACTED] exp 12/27'],
		['CVV: 4567', 'CVV: [REDACTED]'],
		['cvv2 321, thanks', 'cvv2 [REDACTED], thanks'],
		['csc code 321.', 'csc code [REDACTED].'],
		['the CVC # 0123 was wrong', 'the CVC # [REDACTED] was wrong'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
	});

	it('in object values', () => {
		expect(sanitizeData({note: 'cvc 123', other: 'CVV: 4567'})).toEqual({
			note: 'cvc [REDACTED]',
			other: 'CVV: [REDACTED]',
		});
	});

	it.each(['cvc 12345', 'cvc required', 'mycvc 123', 'cvsc 123', 'cvc 12', 'cvc123'])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});
});

describe('ordinary keys that share a word', () => {
	it.each([
		[{palabra_clave: 'zapatos'}],
		[{indicador_clave: 'ventas'}],
		[{parola_chiave: 'scarpe'}],
		[{parola: 'ciao'}],
		[{passwort_staerke: 'stark'}],
		[{mot_de_passe_oublie: 'oui'}],
		[{passe: 'lundi'}],
		[{código_postal: '28013'}],
		[{gizli: 'evet'}],
		[{clave_producto: 'ABC-12'}],
	])('keeps %j', (input) => {
		expect(sanitizeData(input)).toEqual(input);
	});
});
