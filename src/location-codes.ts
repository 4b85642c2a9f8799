/**
 * The ISO codes a location may carry, shared by the client (which validates what the caller or the request
 * headers give) and the transport (which guards what a replayed journal holds before it becomes a header).
 * Anchored, no nested quantifiers: linear on any input.
 */

/** Umami's `country` column is `char(2)`: an ISO 3166-1 alpha-2 code. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

/** The subdivision part of an ISO 3166-2 code (`BY`, `NW`, `06`). */
export const REGION_CODE = /^[\dA-Z]{1,3}$/;

/** A region as given: the subdivision, optionally behind its country (`DE-BY`); groups: country, subdivision. */
export const REGION_INPUT = /^(?:([A-Z]{2})-)?([\dA-Z]{1,3})$/;
