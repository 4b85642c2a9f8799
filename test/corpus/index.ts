/**
 * The generated corpora: labelled PII and keep cases built from third-party sources (libphonenumber-js metadata,
 * @faker-js/faker locales, vendors' documented key formats, carriers' check digits), deterministic by seed.
 *
 *   generateCorpus('dev')      tune on it; its failures may be printed
 *   generateCorpus('holdout')  scored in aggregate only
 */
import {CaseSink, type GeneratedCase} from './case.js';
import {addCheckedIds} from './checked-ids.js';
import {addCloudKeys} from './cloud-keys.js';
import {addFakerEmails} from './emails.js';
import {addFormQueries} from './form-queries.js';
import {addCompatKeys, addHomoglyphKeys} from './homoglyph-keys.js';
import {addKeeps} from './keep.js';
import {addKeyNumbers} from './key-numbers.js';
import {addLabelledCodes} from './labelled-codes.js';
import {addNumericKeeps} from './keep-numeric.js';
import {addEmails, addHomePaths, addSsns} from './people.js';
import {addIddPhones} from './idd-phones.js';
import {addIntlKeys} from './intl-keys.js';
import {addGluedCapsIbans, addNationalIbans} from './national-ibans.js';
import {addNationalIds} from './national-ids.js';
import {addPasswordWords} from './password-words.js';
import {addPhones} from './phones.js';
import {addProductCodes} from './product-codes.js';
import {addQuotedValues} from './quoted-values.js';
import {DEV_SEED, HOLDOUT_SEED, Rng} from './random.js';
import {addAuthHeaders, addSecrets} from './secrets.js';
import {addSensitiveKeys} from './sensitive-keys.js';
import {addValueWords} from './value-words.js';
import {addMoreVendorKeys} from './vendor-keys.js';
import {addWrittenForms} from './written-forms.js';

export type {GeneratedCase} from './case.js';
export {DEV_SEED, HOLDOUT_SEED} from './random.js';

/** The two splits: different seeds, the same generators. */
export type Split = 'dev' | 'holdout';

/** The labelled cases of one split (or of an explicit seed). */
export function generateCorpus(split: Split | number): GeneratedCase[] {
	return generate(split).cases;
}

/** The cases and how many drafts were refused because a chance collision broke their labels. */
export function generate(split: Split | number): {cases: GeneratedCase[]; rejected: number} {
	const seed = split === 'dev' ? DEV_SEED : split === 'holdout' ? HOLDOUT_SEED : split;
	const rng = new Rng(seed);
	const sink = new CaseSink(typeof split === 'number' ? `seed${split}` : split);
	addPhones(sink, rng);
	addEmails(sink, rng);
	addHomePaths(sink, rng);
	addSsns(sink, rng);
	addSecrets(sink, rng);
	addSensitiveKeys(sink, rng);
	addKeeps(sink, rng);
	addNumericKeeps(sink, rng);
	addMoreVendorKeys(sink, rng);
	// Added later: after every family above, so their cases stay the same.
	addIddPhones(sink, rng);
	addProductCodes(sink, rng);
	addNationalIds(sink, rng);
	addCloudKeys(sink, rng);
	addFakerEmails(sink, rng);
	addKeyNumbers(sink, rng);
	addValueWords(sink, rng);
	addFormQueries(sink, rng);
	addIntlKeys(sink, rng);
	addWrittenForms(sink, rng);
	addAuthHeaders(sink, rng);
	addHomoglyphKeys(sink, rng);
	addQuotedValues(sink, rng);
	addNationalIbans(sink, rng);
	addPasswordWords(sink, rng);
	addGluedCapsIbans(sink, rng);
	addCompatKeys(sink, rng);
	addCheckedIds(sink, rng);
	addLabelledCodes(sink, rng);
	return {cases: sink.cases, rejected: sink.rejected};
}
