/**
 * Structured logs (pino, one JSON object a line). Every line written while a request is being
 * handled carries that request's id, taken from an AsyncLocalStorage the HTTP, WebSocket and SSE
 * edges open per request, so one grep finds everything one request did. Keys that hold personal
 * data or secrets are censored wherever they appear in a logged object.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { PERSONAL_DATA_KEYS } from './domain/masking.js';
import { pino, type DestinationStream, type Logger } from 'pino';

export interface RequestScope {
  requestId: string;
  /** Caller's address, for per-IP rate limits. */
  ip: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` as part of one request: log lines and masked errors inside it carry its id. */
export function inRequest<T>(ip: string, fn: (scope: RequestScope) => T, requestId: string = randomUUID()): T {
  const current = { requestId, ip };
  return scope.run(current, () => fn(current));
}

/** The request being handled, if any. */
export function currentRequest(): RequestScope | undefined {
  return scope.getStore();
}

/** Keys never written to logs in clear, at any of the first three levels of a logged object. */
export const REDACTED_LOG_KEYS = ['password', 'passwordHash', 'token', 'apiKey', 'authorization', 'x-api-key', 'cookie', ...Object.keys(PERSONAL_DATA_KEYS)];

// fast-redact paths: the key at the top, one and two levels down (e.g. `err.variables.nik`).
const redactPaths = REDACTED_LOG_KEYS.flatMap((key) => {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return [segment.replace(/^\./, ''), `*${segment}`, `*.*${segment}`];
});

const taps = new Set<(line: string) => void>();

/** Calls `listener` with every line the process logger writes, until the returned function is called (tests). */
export function tapLogs(listener: (line: string) => void): () => void {
  taps.add(listener);
  return () => void taps.delete(listener);
}

// Under vitest the lines go only to taps, so test output stays readable.
const testSink: DestinationStream = {
  write: (line: string) => {
    for (const tap of taps) tap(line);
  },
};

/** A logger writing to `destination` (stdout by default); the level follows LOG_LEVEL. */
export function createLogger(destination: DestinationStream | undefined = process.env.VITEST ? testSink : undefined): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      redact: { paths: redactPaths, censor: '[REDACTED]' },
      ...(destination === testSink
        ? {}
        : {
            hooks: {
              streamWrite: (line: string) => {
                for (const tap of taps) tap(line);
                return line;
              },
            },
          }),
      mixin: () => {
        const request = scope.getStore();
        return request ? { requestId: request.requestId } : {};
      },
    },
    destination,
  );
}

/** The process's logger. */
export const log = createLogger();

type LogArgs = unknown[];
const asPino = (args: LogArgs): [Record<string, unknown>, string] => [
  { err: args.find((a) => a instanceof Error) },
  args.filter((a) => typeof a === 'string').join(' '),
];

/**
 * Yoga's own log lines, through pino. Its errors are the unexpected errors the server masks, which
 * the mask already logs with the request id: here they only show at debug level.
 */
export const yogaLogger = {
  debug: (...args: LogArgs) => log.debug(...asPino(args)),
  info: (...args: LogArgs) => log.info(...asPino(args)),
  warn: (...args: LogArgs) => log.warn(...asPino(args)),
  error: (...args: LogArgs) => log.debug(...asPino(args)),
};
