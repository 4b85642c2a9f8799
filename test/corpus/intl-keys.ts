/**
 * Values that only their key marks, under keys written in the corpora's 14 languages with their common spellings
 * (accented and not, transliterated, snake_case, camelCase, glued): passwords and codes (faker's
 * `internet.password`), phone numbers (libphonenumber-js's example mobile numbers of a region of the language,
 * national or E.164, as a string or a number), emails and account numbers (faker), tax and national ids. Each is
 * written in an event object, a URL query, or `key: value` text. Beside them, keep cases: keys that share a word
 * with a sensitive one but are ordinary (`palabra_clave`, `hotel`, `mobile: true`). Generated after every other
 * family, so the cases and draws before it are unchanged.
 */
import type {CountryCode} from 'libphonenumber-js/max';
import type {CaseSink} from './case.js';
import {fakerFor} from './fakers.js';
import type {Lang} from './languages.js';
import {mobileOf} from './phones.js';
import {DIGITS, UPPER, type Rng} from './random.js';

/** Password, passphrase, PIN, secret, token, one-time code and security-answer keys. */
const SECRET_KEYS: Record<Lang, readonly string[]> = {
	en: ['password', 'userPassword', 'passphrase', 'secret', 'one_time_code', 'security_answer', 'pincode'],
	de: [
		'passwort',
		'Passwort',
		'kennwort',
		'benutzerPasswort',
		'einmalcode',
		'sicherheitsantwort',
		'passwort_neu',
	],
	fr: [
		'mot_de_passe',
		'motDePasse',
		'mdp',
		'jeton',
		'code_de_verification',
		'reponse_secrete',
		'code_secret',
	],
	es: ['contraseña', 'contrasena', 'clave', 'clave_secreta', 'codigo_de_verificacion', 'respuesta_secreta'],
	pt: ['senha', 'senha_atual', 'palavra_passe', 'codigo_de_verificacao', 'resposta_secreta', 'segredo'],
	it: ['password', 'codice_di_verifica', 'risposta_segreta', 'chiave_segreta', 'segreto'],
	nl: ['wachtwoord', 'Wachtwoord', 'nieuwWachtwoord', 'verificatiecode', 'beveiligingsantwoord'],
	pl: ['hasło', 'haslo', 'kod_weryfikacyjny', 'kod_sms', 'sekret', 'nowe_haslo'],
	ru: ['пароль', 'parol', 'секрет', 'токен', 'код_подтверждения', 'пин_код', 'секретный_ответ'],
	tr: ['şifre', 'sifre', 'Şifre', 'doğrulama_kodu', 'guvenlik_kodu', 'yeni_sifre'],
	ja: ['パスワード', 'ログインパスワード', '暗証番号', '認証コード', 'トークン', '秘密の答え'],
	zh: ['密码', '登录密码', '验证码', '密钥', '令牌', '安全答案'],
	ar: ['كلمة_المرور', 'كلمة المرور', 'كلمة_السر', 'رمز_التحقق', 'الرقم_السري'],
	sv: ['lösenord', 'losenord', 'nyttLosenord', 'säkerhetskod', 'engångskod', 'säkerhetssvar'],
};

/** Phone, mobile, telephone and fax keys. */
const PHONE_KEYS: Record<Lang, readonly string[]> = {
	en: ['mobile', 'tel', 'fax', 'cell', 'mobile_no', 'whatsapp'],
	de: ['telefon', 'handy', 'telefonnummer', 'mobilnummer', 'tel_nr', 'fax'],
	fr: ['telephone', 'téléphone', 'portable', 'numero_de_telephone', 'tel'],
	es: ['teléfono', 'telefono', 'móvil', 'movil', 'celular', 'numero_de_telefono'],
	pt: ['telefone', 'celular', 'telemovel', 'telemóvel'],
	it: ['telefono', 'cellulare', 'numero_di_telefono'],
	nl: ['telefoon', 'mobiel', 'telefoonnummer'],
	pl: ['telefon', 'komórka', 'komorka', 'numer_telefonu'],
	ru: ['телефон', 'мобильный', 'номер_телефона', 'telefon'],
	tr: ['telefon', 'cep_telefonu', 'cep', 'telefon_no'],
	ja: ['電話番号', '携帯電話', '電話', '携帯番号'],
	zh: ['电话', '手机', '手机号', '手机号码', '联系电话'],
	ar: ['هاتف', 'رقم_الهاتف', 'جوال', 'الجوال'],
	sv: ['telefon', 'mobil', 'mobilnummer', 'telefonnummer'],
};

/** Email keys. */
const EMAIL_KEYS: Record<Lang, readonly string[]> = {
	en: ['email', 'e_mail'],
	de: ['e_mail', 'emailAdresse'],
	fr: ['courriel', 'adresse_email'],
	es: ['correo_electronico', 'correo_electrónico'],
	pt: ['correio_eletronico', 'e_mail'],
	it: ['posta_elettronica', 'email'],
	nl: ['emailadres', 'e_mail'],
	pl: ['e_mail', 'adres_email'],
	ru: ['почта', 'электронная_почта'],
	tr: ['e_posta', 'eposta'],
	ja: ['メールアドレス', 'メール'],
	zh: ['邮箱', '电子邮件'],
	ar: ['البريد_الإلكتروني'],
	sv: ['e_post', 'epost', 'mejl'],
};

/** Account-number keys. */
const ACCOUNT_KEYS: Record<Lang, readonly string[]> = {
	en: ['account_number', 'iban'],
	de: ['kontonummer', 'bankKontonummer'],
	fr: ['numero_de_compte', 'rib'],
	es: ['numero_de_cuenta', 'clabe'],
	pt: ['numero_da_conta'],
	it: ['numero_di_conto', 'conto_corrente'],
	nl: ['rekeningnummer'],
	pl: ['numer_konta'],
	ru: ['номер_счета'],
	tr: ['hesap_no', 'hesap_numarasi'],
	ja: ['口座番号'],
	zh: ['银行账号', '银行卡号'],
	ar: ['رقم_الحساب'],
	sv: ['kontonummer'],
};

/** Tax and national-id keys, each with the shape of its number. */
const ID_KEYS: Record<Lang, readonly (readonly [string, string])[]> = {
	en: [
		['tax_id', 'ddd-dd-dddd'],
		['national_id', 'ddddddddd'],
	],
	de: [
		['steuer_id', 'ddddddddddd'],
		['steuerId', 'ddddddddddd'],
		['steuernummer', 'ddd/ddd/ddddd'],
	],
	fr: [
		['nir', 'ddddddddddddddd'],
		['numero_fiscal', 'ddddddddddddd'],
	],
	es: [
		['nif', 'ddddddddL'],
		['nie', 'LddddddddL'],
		['dni', 'ddddddddL'],
		['nss', 'dddddddddddd'],
	],
	pt: [
		['cpf', 'ddd.ddd.ddd-dd'],
		['nif', 'ddddddddd'],
	],
	it: [
		['codice_fiscale', 'LLLLLLddLddLdddL'],
		['codiceFiscale', 'LLLLLLddLddLdddL'],
	],
	nl: [
		['bsn', 'ddddddddd'],
		['burgerservicenummer', 'ddddddddd'],
	],
	pl: [
		['pesel', 'ddddddddddd'],
		['nip', 'ddd-ddd-dd-dd'],
	],
	ru: [
		['снилс', 'ddd-ddd-ddd dd'],
		['инн', 'dddddddddddd'],
		['snils', 'ddd-ddd-ddd dd'],
	],
	tr: [
		['tc_kimlik_no', 'ddddddddddd'],
		['tckn', 'ddddddddddd'],
	],
	ja: [
		['マイナンバー', 'dddddddddddd'],
		['個人番号', 'dddd dddd dddd'],
	],
	zh: [
		['身份证号', 'dddddddddddddddddL'],
		['身份证号码', 'dddddddddddddddddd'],
	],
	ar: [
		['رقم_الهوية', 'dddddddddd'],
		['الرقم_القومي', 'dddddddddddddd'],
	],
	sv: [['personnummer', 'dddddd-dddd']],
};

/** A region whose numbers each language's people write. */
const REGIONS: Record<Lang, readonly CountryCode[]> = {
	en: ['US', 'GB', 'AU', 'IN'],
	de: ['DE', 'AT', 'CH'],
	fr: ['FR', 'BE'],
	es: ['ES', 'MX', 'AR', 'CO'],
	pt: ['BR', 'PT'],
	it: ['IT'],
	nl: ['NL'],
	pl: ['PL'],
	ru: ['RU'],
	tr: ['TR'],
	ja: ['JP'],
	zh: ['CN', 'TW'],
	ar: ['SA', 'EG', 'AE'],
	sv: ['SE'],
};

const LANGS = Object.keys(SECRET_KEYS) as Lang[];

/** Where the value is written: an event object, a URL query parameter, or `key: value` text. */
type Shape = 'object' | 'url' | 'text';

function shaped(rng: Rng, shape: Shape, key: string, value: string | number): unknown {
	switch (shape) {
		case 'object':
			return {event: 'profile_saved', props: {[key]: value, plan: 'pro_monthly'}};
		case 'url':
			return `/account/update?${encodeURIComponent(key)}=${encodeURIComponent(String(value))}&plan=pro_monthly`;
		default:
			return `${rng.pick(['form dump', 'validation failed,', 'profile saved'])} ${key}${rng.pick([': ', '=', ' = '])}${String(value)} plan=pro_monthly`;
	}
}

function fromShape(rng: Rng, template: string): string {
	let s = '';
	for (const c of template) s += c === 'd' ? rng.string(1, DIGITS) : c === 'L' ? rng.string(1, UPPER) : c;
	return s;
}

function add(
	sink: CaseSink,
	rng: Rng,
	lang: Lang,
	kind: 'secret' | 'phone' | 'email' | 'account' | 'id',
	key: string,
	value: string,
	asNumber: boolean,
): void {
	const cls = kind === 'account' ? 'secret' : kind === 'id' ? 'national_id' : kind;
	const shape = rng.pick<Shape>(['object', 'object', 'url', 'text']);
	const typed = asNumber && shape === 'object' ? Number(value) : value;
	sink.add({
		kind: shape === 'object' ? 'object' : shape === 'url' ? 'url' : 'text',
		input: shaped(rng, shape, key, typed),
		// A URL carries the value percent-encoded: the label is its encoded form.
		pii: [{class: cls, value: shape === 'url' ? encodeURIComponent(value) : value}],
		keep: ['pro_monthly'],
		class: cls,
		family: `intl-keys/${kind}`,
		locale: lang,
	});
}

/** Keys that share a word with a sensitive key but are ordinary, and values that must stay. */
const KEEP_KEYS: readonly (readonly [string, (r: Rng) => string])[] = [
	['palabra_clave', (r) => fakerFor('es', r).commerce.productAdjective()],
	['indicador_clave', (r) => `kpi_${r.int(1, 9)}`],
	['parola_chiave', (r) => fakerFor('it', r).commerce.productAdjective()],
	['hotel', (r) => fakerFor('en', r).company.name()],
	['mobile', (r) => r.pick(['yes', 'no', 'ios', 'android'])],
	['tel_type', (r) => r.pick(['home', 'work', 'mobile'])],
	['passwort_staerke', (r) => r.pick(['schwach', 'mittel', 'stark'])],
	['mot_de_passe_oublie', (r) => r.pick(['oui', 'non'])],
	['código_postal', (r) => fakerFor('es', r).location.zipCode()],
	['telefon_anzahl', (r) => String(r.int(1, 9))],
];

/** Per language: 6 secrets, 4 phones, 1 email, 1 account number, 2 ids; then 10 keep cases per keep key. */
export function addIntlKeys(sink: CaseSink, rng: Rng): void {
	for (const lang of LANGS) {
		for (let k = 0; k < 6; k++) {
			const key = rng.pick(SECRET_KEYS[lang]);
			const value = /pin|暗証|код$/i.test(key)
				? rng.string(1, '123456789') + rng.string(rng.int(3, 5), DIGITS)
				: fakerFor('en', rng).internet.password({length: rng.int(8, 16)});
			add(sink, rng, lang, 'secret', key, value, false);
		}
		for (let k = 0; k < 4; k++) {
			const p = mobileOf(rng.pick(REGIONS[lang]), rng);
			if (!p) continue;
			const asNumber = rng.chance(0.3);
			const value = asNumber
				? p.format('NATIONAL').replace(/\D/g, '').replace(/^0+/, '')
				: rng.chance(0.5)
					? p.format('NATIONAL')
					: p.format('E.164');
			if (value.replace(/\D/g, '').length >= 7)
				add(sink, rng, lang, 'phone', rng.pick(PHONE_KEYS[lang]), value, asNumber);
		}
		const email = fakerFor(rng.pick(['en', 'de', 'fr', 'es', 'pt_BR']), rng).internet.email();
		add(sink, rng, lang, 'email', rng.pick(EMAIL_KEYS[lang]), email, false);
		const account = fakerFor('en', rng).finance.accountNumber(rng.int(8, 12));
		add(sink, rng, lang, 'account', rng.pick(ACCOUNT_KEYS[lang]), account, false);
		for (let k = 0; k < 2; k++) {
			const [key, template] = rng.pick(ID_KEYS[lang]);
			add(sink, rng, lang, 'id', key, fromShape(rng, template), false);
		}
	}
	for (const [key, make] of KEEP_KEYS) {
		for (let k = 0; k < 10; k++) {
			const value = make(rng);
			const shape = rng.pick<Shape>(['object', 'url', 'text']);
			sink.add({
				kind: shape,
				input: shaped(rng, shape, key, value),
				pii: [],
				keep: [shape === 'url' ? encodeURIComponent(value) : value],
				class: 'keep',
				family: 'intl-keys/keep',
				locale: 'any',
			});
		}
	}
}
