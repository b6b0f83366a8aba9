/**
 * The one boundary every HTTP request (and every WebSocket message) passes through: whatever a
 * handler throws, synchronously or later, becomes an answer and a log line, never the end of the
 * process. What the client sent wrong is a 400; anything else a 500 carrying the request id that
 * leads to the full error in the log.
 */
import type { ServerResponse } from 'node:http';
import { log } from '../logger.js';

/** A request the edge cannot read (bad encoding, broken JSON): the client's fault, answered 400. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}

/** Whether `err` is the client's fault: a request the edge could not decode or parse. */
export function isClientFault(err: unknown): boolean {
  return err instanceof BadRequestError || err instanceof URIError || err instanceof SyntaxError;
}

/** Answers a failed request (or ends it, when the answer had begun) and logs why. */
export function answerFailure(res: ServerResponse, err: unknown, requestId: string): void {
  const clientFault = isClientFault(err);
  if (clientFault) log.warn({ err }, 'bad request');
  else log.error({ err }, 'request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = clientFault ? 400 : 500;
  const error = clientFault
    ? { message: err instanceof BadRequestError ? err.message : 'Malformed request', extensions: { code: 'BAD_REQUEST', requestId } }
    : { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ errors: [error] }));
}

/** Runs one request's handler inside the boundary. */
export function guarded(res: ServerResponse, requestId: string, handler: () => unknown): void {
  try {
    const pending = handler();
    if (pending instanceof Promise) pending.catch((err: unknown) => answerFailure(res, err, requestId));
  } catch (err) {
    answerFailure(res, err, requestId);
  }
}
