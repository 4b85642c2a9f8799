/**
 * The words that name a phone, in one list for keys (`phone-keys.ts`: `{mobile: '4155552671'}`) and for text
 * (`PHONE_CONTEXT` and `PHONE_CONTEXT_FAR` in `patterns.ts`: `Mobile 4155552671`), so that a word taught to one is
 * seen by the other. Keys compare whole words, folded (`Téléphone` is `telephone`); text looks for a word at a word
 * start with an ending of up to 8 letters (`telefon` finds `Telefonnummer`), and for a word in Arabic, Chinese or
 * Japanese anywhere, right before a number only (no spaces between words, or a glued article: `الهاتف`). Letters
 * only: the text patterns are built from these words as they are.
 */
export const PHONE_WORDS = {
	/** Key words that text looks for too, right before a number and three short words away. */
	keysAndText: [
		'phone',
		'tel',
		'tél',
		'mobile',
		'cell',
		'whatsapp',
		'telefon',
		'telefoon',
		'mobiel',
		'téléphone',
		'teléfono',
		'telefone',
		'móvil',
		'movil',
		'celular',
		'handy',
		'portable',
		'телефон',
		'هاتف',
		'جوال',
		'電話',
		'携帯',
		'电话',
		'手机',
	],
	/** Key words that text looks for right before a number only. */
	keysAndNearText: ['fax'],
	/** Word starts that text looks for; keys take the whole words (`mobil`, `komórka`, `мобильный`). */
	textOnly: ['mobi', 'komórk', 'komork', 'мобильн', 'сотов'],
	/**
	 * Key words that text does not look for: whole forms of the words above, which text finds by their start
	 * (`telefonnummer`, `мобильный`), and words text is not taught (`gsm`, `msisdn`, the fax words of other
	 * languages).
	 */
	keysOnly: [
		'telephone',
		'mob',
		'cellular',
		'msisdn',
		'gsm',
		'handynummer',
		'telefonnummer',
		'telefax',
		'mobil',
		'mobilnummer',
		'mobiltelefon',
		'telemóvel',
		'telefono',
		'cellulare',
		'telefoonnummer',
		'mobielnummer',
		'komórka',
		'telefonu',
		'faks',
		'телефона',
		'мобильный',
		'мобильного',
		'сотовый',
		'факс',
		'cep',
		'電話番号',
		'携帯電話',
		'携帯番号',
		'ファックス',
		'电话号码',
		'手机号',
		'手机号码',
		'联系电话',
		'传真',
		'الهاتف',
		'الجوال',
		'موبايل',
		'فاكس',
	],
} as const;

/**
 * Whether text finds `word` inside a longer word: Arabic, Chinese and Japanese (every script from Arabic's block
 * on that the list uses), where a phone word is written without a space before it.
 */
export function isGluedWord(word: string): boolean {
	return word.charCodeAt(0) >= 0x600;
}
