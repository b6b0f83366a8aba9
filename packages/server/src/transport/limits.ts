/**
 * What one request may ask of the server, and the numbers (see the README's "Limits" for why
 * each). Static document limits are graphql-armor's validation rules, so a document over a limit
 * is refused before anything executes; each refusal carries its own error code.
 */
import type { IncomingMessage } from 'node:http';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

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
   * graphql-armor cost: object 2, scalar 1, x1.5 per level, times a literal first/last. The
   * committed documents as persisted (with the `__typename` graphcache needs in every selection)
   * cost up to about 36,000 (RegionKpis: nested breakdowns); the Formations document with a
   * literal first: 100 about 8,100; a connection of 100 inside one of 100 about a million.
   */
  maxCost: 60_000,
  /** JSON (and GraphQL-over-GET) bodies: a 500-item score batch is about 90 KB. */
  maxJsonBodyBytes: 512 * 1024,
  /** Multipart uploads as a whole, and each file in them: scanned documents of a registration. */
  maxUploadBytes: 12 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024,
  maxFilesPerRequest: 5,
  /** Items in any list of a request's variables: a score batch holds at most 500. */
  maxListItems: 1000,
  /** One query or mutation; subscriptions are not timed. */
  executionTimeoutMs: 10_000,
} as const;

type Limit = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_DIRECTIVES' | 'TOO_MANY_TOKENS' | 'QUERY_TOO_COSTLY';

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
    costLimitPlugin({ maxCost: LIMITS.maxCost, ...coded('QUERY_TOO_COSTLY') }),
  ] as Plugin[];
}

/**
 * Ends a query or mutation that runs longer than `timeoutMs` with a TIMEOUT error. The work
 * already started is not interrupted (a mutation's transaction still commits or rolls back as a
 * whole); the caller just stops waiting, and so does the connection it holds.
 */
export function useExecutionTimeout(timeoutMs: number): Plugin {
  return {
    onExecute: ({ executeFn, setExecuteFn }) => {
      setExecuteFn((args) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(
            () => resolve({ errors: [new GraphQLError(`Execution took longer than ${timeoutMs} ms`, { extensions: { code: 'TIMEOUT' } })] }),
            timeoutMs,
          );
        });
        return Promise.race([Promise.resolve(executeFn(args)), timeout]).finally(() => clearTimeout(timer)) as never;
      });
    },
  };
}

/**
 * Why a request's body is refused before it is read, or null: bodies over the limit for their
 * type (413), and bodies of unknown length (411), since a stream could otherwise grow unbounded.
 */
export function bodyProblem(req: IncomingMessage, limits = LIMITS): { status: number; code: string; message: string } | null {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return null;
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
 * Refuses variables holding a list longer than `max` (TOO_MANY_ITEMS) before anything runs: a
 * document's own lists are bounded by the token limit, its variables by this.
 */
export function useListLimit(max: number): Plugin {
  const check = (variables: unknown, stop: (result: ExecutionResult) => void) => {
    const longest = longestList(variables);
    if (longest > max) stop({ errors: [new GraphQLError(`A list in the variables has ${longest} items; at most ${max} are accepted`, { extensions: { code: 'TOO_MANY_ITEMS' } })] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args.variableValues, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args.variableValues, setResultAndStopExecution as never),
  };
}
