/**
 * The long tail of vendors' key formats (test/corpus/vendor-keys.ts), each in a sentence, a config line, a JSON
 * log line, an object and a URL. Doppler service tokens (`dp.st.<config>.…`) and New Relic keys (`NRAK-…`) leaked
 * on main.
 */
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies(
	[
		'gitlab-pat',
		'npm',
		'sendgrid',
		'twilio-api-key',
		'huggingface',
		'mailgun',
		'shopify',
		'digitalocean',
		'databricks',
		'pypi',
		'postman',
		'linear',
		'grafana-service-account',
		'sentry-user',
		'supabase',
		'doppler',
		'slack-user',
		'slack-app',
		'square',
		'telegram-bot',
		'mailchimp',
		'new-relic',
		'vault',
		'google-oauth-client-secret',
		'google-oauth-access-token',
		'netlify',
		'pulumi',
		'age-secret-key',
	].map((f) => `api_key/${f}`),
);
