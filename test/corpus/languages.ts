/**
 * Sentences to embed items in, in the languages of the locales and regions the corpora cover. `{x}` is the item;
 * `{n}` another number written beside it (an order number, a date) that must be kept.
 */

/** Language of the sentence templates. */
export type Lang =
	'en' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'nl' | 'pl' | 'ru' | 'tr' | 'ja' | 'zh' | 'ar' | 'sv';

export const PHONE_SENTENCES: Record<Lang, readonly string[]> = {
	en: [
		'Call me back on {x} please.',
		'Order {n}: customer can be reached at {x}.',
		'New lead, mobile {x}, wants a demo',
	],
	de: [
		'Bitte rufen Sie mich unter {x} zurück.',
		'Bestellung {n} – Rückfragen unter Tel. {x}',
		'Erreichbar werktags: {x}',
	],
	fr: ['Rappelez-moi au {x} svp.', 'Commande {n}, joignable au {x}.', 'Mon numéro : {x}'],
	es: ['Llámame al {x}, gracias.', 'Pedido {n}: contacto {x}', 'Mi móvil es {x}'],
	pt: ['Me liga no {x} por favor.', 'Pedido {n} – telefone {x}', 'Contato: {x}'],
	it: ['Richiamami al {x} per favore.', 'Ordine {n}, cellulare {x}', 'Il mio numero è {x}'],
	nl: ['Bel me terug op {x} alstublieft.', 'Bestelling {n}: bereikbaar op {x}', 'Mijn nummer is {x}'],
	pl: ['Proszę oddzwonić pod {x}.', 'Zamówienie {n}, tel. {x}', 'Mój numer: {x}'],
	ru: ['Перезвоните мне по номеру {x}.', 'Заказ {n}, телефон {x}', 'Мой номер: {x}'],
	tr: ['Beni {x} numarasından arayın.', 'Sipariş {n}, telefon {x}', 'Numaram: {x}'],
	ja: ['{x} までご連絡ください。', '注文 {n}、電話 {x}', '連絡先：{x}'],
	zh: ['请拨打 {x} 联系我。', '订单 {n}，电话 {x}', '我的手机号是 {x}'],
	ar: ['اتصل بي على {x} من فضلك.', 'الطلب {n}، الهاتف {x}', 'رقمي هو {x}'],
	sv: ['Ring mig på {x} tack.', 'Order {n}, telefon {x}', 'Mitt nummer är {x}'],
};

export const EMAIL_SENTENCES: Record<Lang, readonly string[]> = {
	en: ['Please reply to {x} with the invoice.', 'Ticket {n} opened by {x}', 'contact: {x}'],
	de: ['Bitte antworten Sie an {x}.', 'Ticket {n} von {x} eröffnet', 'Kontakt: {x}'],
	fr: ['Merci de répondre à {x}.', 'Ticket {n} ouvert par {x}', 'Contact : {x}'],
	es: ['Por favor responde a {x}.', 'Ticket {n} abierto por {x}', 'Contacto: {x}'],
	pt: ['Por favor responda para {x}.', 'Chamado {n} aberto por {x}', 'Contato: {x}'],
	it: ['Per favore rispondi a {x}.', 'Ticket {n} aperto da {x}', 'Contatto: {x}'],
	nl: ['Antwoord alstublieft naar {x}.', 'Ticket {n} geopend door {x}', 'Contact: {x}'],
	pl: ['Proszę odpisać na {x}.', 'Zgłoszenie {n} od {x}', 'Kontakt: {x}'],
	ru: ['Пожалуйста, ответьте на {x}.', 'Заявка {n} от {x}', 'Почта: {x}'],
	tr: ['Lütfen {x} adresine yanıt verin.', 'Talep {n}, gönderen {x}', 'İletişim: {x}'],
	ja: ['{x} に返信してください。', 'チケット {n}：{x}', '連絡先：{x}'],
	zh: ['请回复到 {x}。', '工单 {n} 由 {x} 提交', '邮箱：{x}'],
	ar: ['يرجى الرد على {x}.', 'التذكرة {n} من {x}', 'البريد: {x}'],
	sv: ['Svara gärna till {x}.', 'Ärende {n} från {x}', 'Kontakt: {x}'],
};

/** Sentences around a must-keep item (dates, prices, ids …), the FPR negatives. */
export const KEEP_SENTENCES: Record<Lang, readonly string[]> = {
	en: ['Shipped on {x}, thanks for your order.', 'Status changed at {x}', 'Total: {x}', 'ref {x} updated'],
	de: [
		'Versand am {x}, danke für Ihre Bestellung.',
		'Status geändert: {x}',
		'Summe: {x}',
		'Referenz {x} aktualisiert',
	],
	fr: [
		'Expédié le {x}, merci de votre commande.',
		'Statut modifié : {x}',
		'Total : {x}',
		'réf. {x} mise à jour',
	],
	es: [
		'Enviado el {x}, gracias por su pedido.',
		'Estado cambiado: {x}',
		'Total: {x}',
		'ref. {x} actualizada',
	],
	pt: ['Enviado em {x}, obrigado pelo pedido.', 'Status alterado: {x}', 'Total: {x}', 'ref. {x} atualizada'],
	it: [
		'Spedito il {x}, grazie per il tuo ordine.',
		'Stato modificato: {x}',
		'Totale: {x}',
		'rif. {x} aggiornato',
	],
	nl: [
		'Verzonden op {x}, bedankt voor je bestelling.',
		'Status gewijzigd: {x}',
		'Totaal: {x}',
		'ref {x} bijgewerkt',
	],
	pl: [
		'Wysłano {x}, dziękujemy za zamówienie.',
		'Status zmieniony: {x}',
		'Suma: {x}',
		'ref. {x} zaktualizowano',
	],
	ru: ['Отправлено {x}, спасибо за заказ.', 'Статус изменён: {x}', 'Итого: {x}', 'ссылка {x} обновлена'],
	tr: ['{x} tarihinde gönderildi, teşekkürler.', 'Durum değişti: {x}', 'Toplam: {x}', 'ref {x} güncellendi'],
	ja: ['{x} に発送しました。', 'ステータス変更：{x}', '合計：{x}', '参照 {x} を更新'],
	zh: ['已于 {x} 发货，感谢您的订单。', '状态变更：{x}', '合计：{x}', '参考 {x} 已更新'],
	ar: ['تم الشحن في {x}، شكرا لطلبك.', 'تغيرت الحالة: {x}', 'المجموع: {x}', 'المرجع {x} محدث'],
	sv: ['Skickad {x}, tack för din beställning.', 'Status ändrad: {x}', 'Summa: {x}', 'ref {x} uppdaterad'],
};

/**
 * Sentences that put a calling or contact word before a date or a time (`Call booked for {x}`): the phone words
 * the phone rules read as context, beside values that are not phones.
 */
export const PHONE_WORD_KEEP_SENTENCES: Record<Lang, readonly string[]> = {
	en: ['Call booked for {x}', 'Callback requested on {x}', 'SMS sent {x}', 'Contact form received {x}'],
	de: ['Rückruf am {x} vereinbart', 'Telefontermin: {x}', 'SMS verschickt am {x}', 'Kontaktanfrage vom {x}'],
	fr: [
		'Appel prévu le {x}',
		'Rappel téléphonique le {x}',
		'SMS envoyé le {x}',
		'Formulaire de contact reçu le {x}',
	],
	es: [
		'Llamada programada para el {x}',
		'SMS enviado el {x}',
		'Contacto recibido el {x}',
		'Cita telefónica: {x}',
	],
	pt: ['Ligação agendada para {x}', 'SMS enviado em {x}', 'Contato recebido em {x}', 'Chamada marcada: {x}'],
	it: [
		'Chiamata fissata per il {x}',
		'SMS inviato il {x}',
		'Contatto ricevuto il {x}',
		'Appuntamento telefonico: {x}',
	],
	nl: [
		'Belafspraak op {x}',
		'SMS verstuurd op {x}',
		'Contactformulier ontvangen op {x}',
		'Terugbelverzoek van {x}',
	],
	pl: [
		'Rozmowa telefoniczna zaplanowana na {x}',
		'SMS wysłany {x}',
		'Kontakt otrzymany {x}',
		'Oddzwonimy {x}',
	],
	ru: [
		'Звонок назначен на {x}',
		'SMS отправлено {x}',
		'Заявка на обратный звонок от {x}',
		'Контакт получен {x}',
	],
	tr: [
		'Arama {x} için planlandı',
		'SMS gönderildi: {x}',
		'İletişim formu alındı: {x}',
		'Telefon randevusu: {x}',
	],
	ja: ['電話の予約：{x}', 'SMS 送信日時 {x}', 'お問い合わせ受付 {x}', '折り返し電話 {x}'],
	zh: ['电话预约时间：{x}', '短信发送于 {x}', '联系表单提交于 {x}', '回电时间 {x}'],
	ar: [
		'موعد المكالمة {x}',
		'تم إرسال الرسالة القصيرة {x}',
		'تم استلام نموذج الاتصال {x}',
		'موعد الهاتف: {x}',
	],
	sv: ['Samtal bokat {x}', 'SMS skickat {x}', 'Kontaktformulär mottaget {x}', 'Ring tillbaka {x}'],
};

const BY_PREFIX: Record<string, Lang> = {
	de: 'de',
	fr: 'fr',
	es: 'es',
	pt: 'pt',
	it: 'it',
	nl: 'nl',
	pl: 'pl',
	ru: 'ru',
	uk: 'ru',
	tr: 'tr',
	ja: 'ja',
	zh: 'zh',
	ar: 'ar',
	sv: 'sv',
	nb: 'sv',
	da: 'sv',
};

/** The template language for a faker locale (`de_AT` → `de`); English when there are no templates for it. */
export function langOfLocale(locale: string): Lang {
	return BY_PREFIX[locale.split('_')[0] ?? ''] ?? 'en';
}

const BY_REGION: Record<string, Lang> = {
	DE: 'de',
	AT: 'de',
	CH: 'de',
	LI: 'de',
	FR: 'fr',
	BE: 'fr',
	LU: 'fr',
	MC: 'fr',
	SN: 'fr',
	CI: 'fr',
	MA: 'fr',
	DZ: 'ar',
	TN: 'fr',
	CA: 'en',
	ES: 'es',
	MX: 'es',
	AR: 'es',
	CO: 'es',
	CL: 'es',
	PE: 'es',
	VE: 'es',
	EC: 'es',
	BR: 'pt',
	PT: 'pt',
	AO: 'pt',
	MZ: 'pt',
	IT: 'it',
	SM: 'it',
	NL: 'nl',
	SR: 'nl',
	PL: 'pl',
	RU: 'ru',
	BY: 'ru',
	KZ: 'ru',
	UA: 'ru',
	TR: 'tr',
	JP: 'ja',
	CN: 'zh',
	TW: 'zh',
	HK: 'zh',
	SA: 'ar',
	AE: 'ar',
	EG: 'ar',
	QA: 'ar',
	KW: 'ar',
	JO: 'ar',
	SE: 'sv',
	NO: 'sv',
	DK: 'sv',
};

/** The template language for a phone region; English elsewhere. */
export function langOfRegion(region: string): Lang {
	return BY_REGION[region] ?? 'en';
}

/** Puts `x` (and `n`) into a template. */
export function fill(template: string, x: string, n = ''): string {
	return template.replace('{x}', x).replace('{n}', n);
}
