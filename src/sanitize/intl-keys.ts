/**
 * Sensitive key words in the languages the generated corpora write (en de fr es pt it nl pl ru tr ja zh ar sv):
 * passwords, passphrases, PINs, secrets, tokens, one-time codes, security answers, email, account numbers and tax
 * or national ids. Words are compared folded ({@link foldWord}): `contraseña` and `contrasena`, `hasło` and
 * `haslo`, `şifre` and `sifre`, `lösenord` and `losenord` are one entry each. Phone words are in `phone-keys.ts`:
 * under them only a phone-shaped value goes.
 *
 * Left out on purpose, because they are ordinary keys too: `parola` (Turkish for password, Italian for word:
 * `parola_chiave` is a keyword), `gizli` (Turkish secret, also the `hidden` flag), `clave` anywhere but as the
 * whole key (Spanish key: `palabra_clave` is a keyword, `indicador_clave` a key indicator), `mail`, `correo` and
 * `posta` alone (an address is found by its own pattern wherever it is), `tan`, `rg`, `passe` alone (French for
 * past), `账号` (Chinese for account, mostly the login name).
 */
import {FOLDED_LETTERS} from './patterns.js';
import {stripMarks} from './strip-marks.js';

const LETTER_FOLDS: Record<string, string> = {ł: 'l', ı: 'i', ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd'};

/** A lower-case word without accents: `contraseña` → `contrasena`, `hasło` → `haslo`. ASCII comes back as is. */
export function foldWord(w: string): string {
	let ascii = true;
	for (let i = 0; i < w.length; i++) {
		if (w.charCodeAt(i) > 127) {
			ascii = false;
			break;
		}
	}
	if (ascii) return w;
	return stripMarks(w.normalize('NFD')).replace(FOLDED_LETTERS, (c) => LETTER_FOLDS[c] ?? c);
}

/** Words that make a key sensitive as its head (the last word after qualifiers), as for `HEAD_WORDS`. */
export const INTL_HEAD_WORDS: readonly string[] = [
	// password, passphrase
	'passwort',
	'kennwort',
	'passwörter',
	'motdepasse',
	'mdp',
	'contraseña',
	'senha',
	'wachtwoord',
	'hasło',
	'пароль',
	'parol',
	'şifre',
	'lösenord',
	'loesenord',
	'pincode',
	'パスワード',
	'暗証番号',
	'密码',
	'密碼',
	'口令',
	'passwortsatz',
	'contraseñas',
	// secret, token, PIN
	'geheimnis',
	'geheimzahl',
	'secreto',
	'segredo',
	'segreto',
	'sekret',
	'секрет',
	'hemlighet',
	'秘密',
	'密钥',
	'秘钥',
	'jeton',
	'токен',
	'トークン',
	'令牌',
	'пин',
	'пинкод',
	// one-time codes glued into one word
	'einmalcode',
	'einmalpasswort',
	'bestätigungscode',
	'bestaetigungscode',
	'sicherheitscode',
	'verifizierungscode',
	'verificatiecode',
	'beveiligingscode',
	'verifieringskod',
	'engångskod',
	'säkerhetskod',
	'engångslösenord',
	'認証コード',
	'確認コード',
	'ワンタイムパスワード',
	'验证码',
	'动态码',
	'校验码',
	'短信验证码',
	// security answers
	'securityanswer',
	'sicherheitsantwort',
	'beveiligingsantwoord',
	'säkerhetssvar',
	'秘密の答え',
	'密保答案',
	'安全答案',
	// email
	'courriel',
	'correoelectronico',
	'eposta',
	'epost',
	'epostadress',
	'emailadres',
	'emailadresse',
	'mailadresse',
	'почта',
	'емейл',
	'имейл',
	'mejl',
	'メール',
	'メールアドレス',
	'邮箱',
	'电子邮件',
	'电子邮箱',
	'ايميل',
	// account numbers
	'kontonummer',
	'rekeningnummer',
	'kontonr',
	'clabe',
	'rib',
	'口座番号',
	'银行账号',
	'银行卡号',
	'卡号',
	// tax and national ids
	'steuerid',
	'steuernummer',
	'steueridentifikationsnummer',
	'sozialversicherungsnummer',
	'personalausweisnummer',
	'ausweisnummer',
	'pesel',
	'nip',
	'nif',
	'nie',
	'nir',
	'dni',
	'nss',
	'cpf',
	'codicefiscale',
	'bsn',
	'burgerservicenummer',
	'sofinummer',
	'snils',
	'снилс',
	'инн',
	'inn',
	'tckn',
	'tckimlikno',
	'kimlikno',
	'personnummer',
	'マイナンバー',
	'個人番号',
	'身份证',
	'身份证号',
	'身份证号码',
];

/**
 * Heads that languages glue onto other words (`benutzerpasswort`, `bankkontonummer`, `ログインパスワード`,
 * `登录密码`): a word that ends in one of these is sensitive too.
 */
export const GLUED_HEADS: readonly string[] = [
	'passwort',
	'kennwort',
	'wachtwoord',
	'lösenord',
	'kontonummer',
	'rekeningnummer',
	'パスワード',
	'暗証番号',
	'密码',
	'密碼',
	'验证码',
	'認証コード',
	'身份证号',
	'身份证号码',
];

/** Connectors dropped to give each phrase's short form too: `numero de cuenta` and `numero_cuenta`. */
const CONNECTORS = new Set(['de', 'di', 'do', 'da', 'du', 'del', 'della', 'des', 'на', 'из']);

/**
 * Phrases that make a key sensitive when they end at its head (`mot_de_passe`, `tc_kimlik_no`, `كلمة_المرور`,
 * `codigo_de_verificacion`), each word folded. The head alone is an ordinary word (`passe`, `no`, `المرور`
 * traffic, `verificacion`), so the whole phrase is needed.
 */
const PHRASE_TEXT: readonly string[] = [
	'mot de passe',
	'phrase de passe',
	'frase de paso',
	'palavra passe',
	'clave de acceso',
	'clave secreta',
	'clave de seguridad',
	'chiave segreta',
	'cle secrete',
	'geheimer schlussel',
	'кодовое слово',
	'секретный ключ',
	'gizli anahtar',
	'كلمة المرور',
	'كلمة السر',
	'الرقم السري',
	'رمز التحقق',
	'رمز سري',
	'code de verification',
	'code de securite',
	'code de confirmation',
	'codigo de verificacion',
	'codigo de seguridad',
	'codigo de confirmacion',
	'codigo de verificacao',
	'codigo de seguranca',
	'codigo de confirmacao',
	'codice di verifica',
	'codice di sicurezza',
	'codice di conferma',
	'eenmalige code',
	'kod weryfikacyjny',
	'kod jednorazowy',
	'kod sms',
	'kod bezpieczenstwa',
	'код подтверждения',
	'одноразовый код',
	'пин код',
	'код смс',
	'dogrulama kodu',
	'onay kodu',
	'guvenlik kodu',
	'tek kullanimlik sifre',
	'reponse secrete',
	'reponse de securite',
	'respuesta secreta',
	'respuesta de seguridad',
	'resposta secreta',
	'resposta de seguranca',
	'risposta segreta',
	'risposta di sicurezza',
	'секретный ответ',
	'odpowiedz bezpieczenstwa',
	'guvenlik cevabi',
	'correo electronico',
	'correio eletronico',
	'posta elettronica',
	'adresse electronique',
	'электронная почта',
	'e mail',
	'e post',
	'e posta',
	'البريد الإلكتروني',
	'numero de cuenta',
	'cuenta bancaria',
	'numero de compte',
	'compte bancaire',
	'numero da conta',
	'conta bancaria',
	'numero di conto',
	'conto corrente',
	'numer konta',
	'номер счета',
	'расчетный счет',
	'hesap no',
	'hesap numarasi',
	'رقم الحساب',
	'steuer id',
	'steuer nummer',
	'codice fiscale',
	'partita iva',
	'tc kimlik no',
	'kimlik no',
	'kimlik numarasi',
	'numero fiscal',
	'identificacion fiscal',
	'securite sociale',
	'seguridad social',
	'seguranca social',
	'numer dowodu',
	'номер паспорта',
	'رقم الهوية',
	'الرقم القومي',
	'الرقم الوطني',
];

function phrasesOf(texts: readonly string[]): string[][] {
	const out: string[][] = [];
	for (const t of texts) {
		const words = t.split(' ').map(foldWord);
		out.push(words);
		const short = words.filter((w) => !CONNECTORS.has(w));
		if (short.length !== words.length && short.length > 1) out.push(short);
	}
	return out;
}

let phrases: readonly (readonly string[])[] | undefined;

/**
 * {@link PHRASE_TEXT} as folded word lists, with and without connectors; built at the first key of several words,
 * not when the module loads (a cold start's first event rarely has one).
 */
export function intlPhrases(): readonly (readonly string[])[] {
	return (phrases ??= phrasesOf(PHRASE_TEXT));
}

/**
 * Whole keys (one word after qualifiers) that are sensitive alone but ordinary as the last word of a longer key:
 * Spanish `clave` is the password field of many forms (`clave`, `Clave`), but `palabra_clave` is a keyword.
 */
export const INTL_WHOLE_KEYS: readonly string[] = ['clave'];

/** Trailing qualifiers in other languages, dropped before the head is read (`senha_atual`, `passwort_neu`). */
export const INTL_QUALIFIERS: readonly string[] = [
	'neu',
	'alt',
	'aktuell',
	'nouveau',
	'ancien',
	'actuel',
	'nueva',
	'nuevo',
	'actual',
	'anterior',
	'nova',
	'atual',
	'nuovo',
	'nuova',
	'attuale',
	'nieuw',
	'huidig',
	'nowe',
	'nowy',
	'новый',
	'текущий',
	'yeni',
	'ny',
	'nytt',
];
