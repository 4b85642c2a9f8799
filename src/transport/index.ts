/**
 * The HTTP transport to Umami: `/api/batch` with fallback to `/api/send`, per-request timeouts, and pure
 * decision functions that turn every answer or failure into a {@link DeliveryResult}. Knows nothing about
 * queues; the client wires it to one.
 */
export {createTransport} from './http.js';
export {createNodeFetch} from './node-http-requester.js';
export type {FetchAnswer, FetchInit, FetchLike, NodeHttpModules} from './node-http-requester.js';
export {
	classifyBatchItem,
	classifyError,
	classifyResponse,
	classifySendBody,
	parseRetryAfter,
} from './classify.js';
export type {ErrorContext, RetryResult} from './classify.js';
export type {Answered, EndpointMode, Transport, TransportOptions} from './types.js';
export type {RequestObserver} from './request.js';
