/**
 * What one request may ask of the server, and the numbers (see docs/limits.md for why
 * each). Static document limits are graphql-armor's validation rules, so a document over a limit
 * is refused before anything executes; each refusal carries its own error code.
 */
import type { IncomingMessage } from 'node:http';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { operationCost, type CostOptions } from './cost.js';

export const LIMITS = {
  /** Field nesting: the deepest dashboard document is 5; two nested connections need 8. */
  maxDepth: 10,
  /** Aliases per document: side-by-side comparisons of a few regions or formations. */
  maxAliases: 15,
  /** Directives per document: @include/@skip on a handful of optional fields. */
  maxDirectives: 10,
  /** Lexer tokens per document: the largest committed document has 73. */
  maxTokens: 2000,
  /**
   * Cost with the variables (`cost.ts`): object 2, scalar 1, x1.5 per level, times the page size
   * (a literal or a variable; 20 when absent) or a list argument's length. The committed documents
   * as persisted (with graphcache's `__typename`) cost up to about 16,000 (RegionKpis: two pages
   * of 100 formations with nested breakdowns), Formations with `first: 100` about 10,400; a wide
   * page of 100 formations with every region field about 84,000, a page of 100 inside a page of
   * 100 about a million.
   */
  maxCost: 60_000,
  /** `nodes(ids:)`: a page's worth; a client needing more pages through a connection. */
  maxNodeIds: 100,
  /** An answer's size as JSON: RegionKpis, the largest committed answer, is about 60 KB. */
  maxResponseBytes: 5 * 1024 * 1024,
  /** JSON (and GraphQL-over-GET) bodies: a 500-item score batch is about 90 KB. */
  maxJsonBodyBytes: 512 * 1024,
  /** Multipart uploads as a whole, and each file in them: scanned documents of a registration. */
  maxUploadBytes: 12 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024,
  maxFilesPerRequest: 5,
  /** Items in any list of a request's variables: a score batch holds at most 500. */
  maxListItems: 1000,
  /** One WebSocket message: the same as a JSON body (a `connection_init` or `subscribe` is a few KB). */
  maxSocketMessageBytes: 512 * 1024,
  /**
   * Live connections (WebSocket and SSE together) from one address: a CAT site or an office shows
   * its public screens from behind one NAT address, a few dozen at most; 200 leaves room.
   */
  maxLiveConnectionsPerAddress: 200,
  /** Subscriptions on one socket: the dashboard opens at most 5 at once. */
  maxSubscriptionsPerSocket: 50,
  /** Bytes queued for a live client that does not read: about 30 ranking pushes; past it, it is dropped. */
  maxQueuedBytesPerClient: 4 * 1024 * 1024,
  /** One query or mutation, counted from the request's arrival; subscriptions are not timed. */
  executionTimeoutMs: 10_000,
} as const;

type Limit = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'TOO_MANY_TOKENS';

/** graphql-armor reports a refusal as a bare GraphQLError: give it a code a client can act on. */
const coded = (code: Limit) => ({
  onReject: [(_ctx: unknown, error: GraphQLError) => void Object.assign(error.extensions as Record<string, unknown>, { code })],
});

/** The static document limits, for every transport that executes through Yoga. */
export function documentLimitPlugins(): Plugin[] {
  return [
    maxTokensPlugin({ n: LIMITS.maxTokens, ...coded('TOO_MANY_TOKENS') }),
    maxDepthPlugin({ n: LIMITS.maxDepth, flattenFragments: true, ...coded('QUERY_TOO_DEEP') }),
    maxAliasesPlugin({ n: LIMITS.maxAliases, ...coded('TOO_MANY_ALIASES') }),
    maxDirectivesPlugin({ n: LIMITS.maxDirectives, ...coded('TOO_MANY_DIRECTIVES') }),
  ] as Plugin[];
}

/** The approximate size of `value` as JSON, or Infinity as soon as it passes `max` (iterative: no stack to overflow). */
export function jsonSizeOver(value: unknown, max: number): number {
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length) {
    const item = pending.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 6;
    else if (Array.isArray(item)) {
      size += 1 + item.length;
      for (const v of item) pending.push(v);
    } else if (item instanceof Date) size += 26;
    else {
      size += 1;
      for (const key in item) {
        size += key.length + 4;
        pending.push((item as Record<string, unknown>)[key]);
      }
    }
    if (size > max) return Infinity;
  }
  return size;
}

/** When each HTTP request arrived, so its timeout counts from there. */
const arrivals = new WeakMap<object, number>();

/**
 * Ends a query or mutation still running `timeoutMs` after its request arrived with a TIMEOUT
 * error, and refuses an answer over `maxResponseBytes` (RESPONSE_TOO_LARGE) before it is
 * serialised, so what follows the deadline is at most one bounded serialisation. The work already
 * started is not interrupted (a mutation's transaction still commits or rolls back as a whole); the
 * caller just stops waiting, and so does the connection it holds.
 */
export function useExecutionTimeout(timeoutMs: number, maxResponseBytes = LIMITS.maxResponseBytes): Plugin {
  return {
    onRequest: ({ request }) => void arrivals.set(request, performance.now()),
    onExecute: ({ executeFn, setExecuteFn, args }) => {
      const request = (args.contextValue as { request?: Request }).request;
      const arrived = (request && arrivals.get(request)) ?? performance.now();
      setExecuteFn((executeArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(
            () => resolve({ errors: [new GraphQLError(`Execution took longer than ${timeoutMs} ms`, { extensions: { code: 'TIMEOUT' } })] }),
            Math.max(0, timeoutMs - (performance.now() - arrived)),
          );
        });
        const bounded = Promise.resolve(executeFn(executeArgs)).then((result) => {
          if (!('data' in (result as object)) || jsonSizeOver((result as ExecutionResult).data, maxResponseBytes) <= maxResponseBytes) return result;
          return {
            errors: [
              new GraphQLError(`The answer is over ${maxResponseBytes} bytes; ask for fewer items or fields`, { extensions: { code: 'RESPONSE_TOO_LARGE' } }),
            ],
          } satisfies ExecutionResult;
        });
        return Promise.race([bounded, timeout]).finally(() => clearTimeout(timer)) as never;
      });
    },
  };
}

/** A request refused before Yoga sees it: HTTP status, code, message and, where one is to blame, the parameter. */
export interface RequestProblem {
  status: number;
  code: string;
  message: string;
  field?: string;
}

/** The GET parameters that carry JSON (`variables`, `extensions`), which Yoga would otherwise fail on with a 500. */
const JSON_PARAMS = ['variables', 'extensions'] as const;

/**
 * Why a request is refused before its body is read, or null: bodies over the limit for their type
 * (413), bodies of unknown length (411), since a stream could otherwise grow unbounded, and GET
 * parameters that must be JSON objects and are not (400, naming the parameter).
 */
export function requestProblem(req: IncomingMessage, limits = LIMITS): RequestProblem | null {
  if (req.method === 'GET') return jsonParamProblem(req.url ?? '/');
  if (req.method === 'HEAD' || req.method === 'OPTIONS') return null;
  const length = req.headers['content-length'];
  if (length === undefined) {
    if (req.headers['transfer-encoding']) return { status: 411, code: 'LENGTH_REQUIRED', message: 'Send a Content-Length' };
    return null;
  }
  const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
  const max = multipart ? limits.maxUploadBytes : limits.maxJsonBodyBytes;
  if (Number(length) > max) return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `Request body over ${max} bytes` };
  return null;
}

function jsonParamProblem(url: string): RequestProblem | null {
  const query = url.indexOf('?');
  if (query < 0) return null;
  const params = new URLSearchParams(url.slice(query + 1));
  for (const name of JSON_PARAMS) {
    const raw = params.get(name);
    if (raw === null || raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { status: 400, code: 'BAD_REQUEST', message: `${name} must be a JSON object`, field: name };
    }
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      return { status: 400, code: 'BAD_REQUEST', message: `${name} must be a JSON object`, field: name };
    }
  }
  return null;
}

/** The longest list anywhere in `value`; iterative, so a deeply nested value cannot overflow the stack. */
function longestList(value: unknown): number {
  let longest = 0;
  const pending = [value];
  while (pending.length) {
    const item = pending.pop();
    if (Array.isArray(item)) {
      longest = Math.max(longest, item.length);
      for (const v of item) if (v && typeof v === 'object') pending.push(v);
    } else if (item && typeof item === 'object') {
      for (const v of Object.values(item)) if (v && typeof v === 'object') pending.push(v);
    }
  }
  return longest;
}

/**
 * Refuses, before anything runs: variables holding a list longer than `maxListItems` anywhere
 * (TOO_MANY_ITEMS; a document's own lists are bounded by the token limit), a list argument over
 * its own maximum (TOO_MANY_ITEMS naming the argument), and an operation whose cost with its
 * variables is over `maxCost` (QUERY_TOO_COSTLY). One check for HTTP, graphql-ws and SSE.
 */
export function useOperationBudget(limits: { maxCost: number; maxListItems: number; maxNodeIds: number } = LIMITS): Plugin {
  const costOptions: CostOptions = {
    objectCost: 2,
    scalarCost: 1,
    depthCostFactor: 1.5,
    defaultPageSize: 20,
    maxListItems: limits.maxListItems,
    listMaximums: { 'Query.nodes.ids': limits.maxNodeIds },
  };
  const refusal = (args: ExecutionArgs): ExecutionResult | null => {
    const longest = longestList(args.variableValues);
    if (longest > limits.maxListItems) {
      return {
        errors: [
          new GraphQLError(`A list in the variables has ${longest} items; at most ${limits.maxListItems} are accepted`, {
            extensions: { code: 'TOO_MANY_ITEMS' },
          }),
        ],
      };
    }
    const { cost, overflow } = operationCost(
      args.schema,
      args.document,
      args.operationName,
      args.variableValues as Record<string, unknown> | undefined,
      costOptions,
    );
    if (overflow) {
      const { argument, length, max, coordinate } = overflow;
      return {
        errors: [
          new GraphQLError(`${argument}: ${length} items; ${coordinate} takes at most ${max}`, {
            extensions: { code: 'TOO_MANY_ITEMS', argument, field: argument },
          }),
        ],
      };
    }
    if (cost > limits.maxCost) {
      return {
        errors: [
          new GraphQLError(`Query cost ${Math.round(cost)} is over the limit of ${limits.maxCost}; ask for fewer items or fields`, {
            extensions: { code: 'QUERY_TOO_COSTLY', cost: Math.round(cost), maxCost: limits.maxCost },
          }),
        ],
      };
    }
    return null;
  };
  return refuseBeforeRunning(refusal);
}

/** A plugin that answers an operation with `refusal(args)`'s result, when it has one, before it executes or subscribes. */
export function refuseBeforeRunning(refusal: (args: ExecutionArgs) => ExecutionResult | null): Plugin {
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const refused = refusal(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      const refused = refusal(args);
      if (refused) setResultAndStopExecution(refused as never);
    },
  };
}
