/**
 * The correlation id of a request: the caller's `X-Correlation-Id` when it is a plausible id (printable,
 * at most 128 characters), else the gateway's request id. The API's handlers put it on every commit and
 * log line, and the local gateway on its request record, so both must derive it the same way.
 */
const PLAUSIBLE = /^[\x21-\x7e]{1,128}$/;

export const correlationIdOf = (header: string | undefined, requestId: string): string =>
  header && PLAUSIBLE.test(header) ? header : requestId;
