/**
 * What an operator watches on announcement day, as Prometheus metrics: request latency per
 * operation, errors by code, live subscribers per topic and transport, push latency, event-bus lag
 * across instances, database pool waits, event-loop delay. Every label comes from a closed set (the
 * persisted operations' names, the schema's subscription fields, the live engine's topic kinds,
 * error codes the server writes), so a caller can neither grow the series without bound nor put
 * anything of theirs (a name, a NIK, a variable) into a label. Served on its own port (endpoint.ts),
 * never on the public one.
 */
import { getOperationAST, Kind, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventBus } from '../events/bus.js';
import { follow } from '../live/engine.js';
import { isAsyncIterable, type LiveMeter, type LiveTransport } from './live.js';

/** Seconds; from a cached trivial read (about 1 ms) to a slow report. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; a push is due within the live interval (250 ms by default) plus its fan-out. */
const PUSH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5];
const WAIT_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];

/** Any value outside the known set is reported as this one label. */
export const OTHER = 'other';
const MAX_ERROR_CODES = 64;

/** The names of the operations in the persisted documents: the only operation names that become labels. */
export function persistedOperationNames(documents: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const text of documents) {
    for (const definition of parse(text, { noLocation: true }).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

export interface MetricsOptions {
  /** Operation names that may appear as labels (persistedOperationNames of the manifest). */
  operationNames: ReadonlySet<string>;
  schema: GraphQLSchema;
  /** Default process metrics (memory, CPU, GC, event-loop delay from monitorEventLoopDelay). */
  processMetrics?: boolean;
}

export class PantauMetrics implements LiveMeter {
  readonly registry = new Registry();
  private readonly operationNames: ReadonlySet<string>;
  private readonly topics: ReadonlySet<string>;
  private readonly errorCodes = new Set<string>();
  private readonly stops: Array<() => void> = [];

  private readonly requestSeconds = new Histogram({
    name: 'pantau_graphql_request_duration_seconds',
    help: 'GraphQL requests from arrival to response (HTTP) or execution (graphql-ws), by persisted operation name ("other" for any other document, "none" when nothing was executed)',
    labelNames: ['operation', 'type', 'transport'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'pantau_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code ("UNCODED" without one, "other" past the known set)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly cacheLookups = new Counter({
    name: 'pantau_response_cache_lookups_total',
    help: 'Lookups of cacheable public persisted GETs in the shared response cache, by persisted operation and result (hit or miss)',
    labelNames: ['operation', 'result'] as const,
    registers: [this.registry],
  });
  private readonly subscribers = new Gauge({
    name: 'pantau_live_subscribers',
    help: 'Open live subscriptions on this instance, by subscription field (topic) and transport',
    labelNames: ['topic', 'transport'] as const,
    registers: [this.registry],
  });
  private readonly pushSeconds = new Histogram({
    name: 'pantau_live_push_seconds',
    help: 'From the first event a live push covers (published on this instance, or received from another) to the last subscriber write, by engine topic kind',
    labelNames: ['topic'] as const,
    buckets: PUSH_BUCKETS,
    registers: [this.registry],
  });
  private readonly busLagSeconds = new Histogram({
    name: 'pantau_event_bus_lag_seconds',
    help: "Other instances' heartbeats: received minus sent (includes clock skew between hosts)",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  constructor(options: MetricsOptions) {
    this.operationNames = options.operationNames;
    this.topics = new Set(Object.keys(options.schema.getSubscriptionType()?.getFields() ?? {}));
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  private operationLabel(name: string | undefined): string {
    return name && this.operationNames.has(name) ? name : OTHER;
  }

  private codeLabel(code: unknown): string {
    if (code === undefined || code === null) return 'UNCODED';
    if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]{0,47}$/.test(code)) return OTHER;
    if (this.errorCodes.has(code)) return code;
    if (this.errorCodes.size >= MAX_ERROR_CODES) return OTHER;
    this.errorCodes.add(code);
    return code;
  }

  private countErrors(result: unknown) {
    if (!result || isAsyncIterable(result)) return;
    for (const one of Array.isArray(result) ? result : [result]) {
      for (const error of (one as ExecutionResult).errors ?? []) this.errors.inc({ code: this.codeLabel(error.extensions?.code) });
    }
  }

  /**
   * The Yoga plugin: HTTP requests timed from arrival to response under the name of the operation
   * they executed; operations over graphql-ws timed through their execution. Errors counted from
   * every result, including those refused before execution (unknown persisted id, invalid document).
   */
  plugin(): Plugin {
    const started = new WeakMap<Request, number>();
    const executed = new WeakMap<Request, { operation: string; type: string }>();
    return {
      onRequest: ({ request }) => {
        started.set(request, performance.now());
      },
      onExecute: ({ args }) => {
        const operation = getOperationAST(args.document, args.operationName);
        const labels = { operation: this.operationLabel(operation?.name?.value), type: operation?.operation ?? 'query' };
        const request = (args.contextValue as { request?: Request }).request;
        if (request && started.has(request)) {
          executed.set(request, labels);
          return;
        }
        const t0 = performance.now();
        return {
          onExecuteDone: ({ result }) => {
            if (isAsyncIterable(result)) return;
            this.requestSeconds.observe({ ...labels, transport: 'ws' }, (performance.now() - t0) / 1000);
            this.countErrors(result);
          },
        };
      },
      onResultProcess: ({ result }) => this.countErrors(result),
      onResponse: ({ request }) => {
        const t0 = started.get(request);
        if (t0 === undefined) return;
        const labels = executed.get(request) ?? { operation: 'none', type: 'none' };
        this.requestSeconds.observe({ ...labels, transport: 'http' }, (performance.now() - t0) / 1000);
      },
    };
  }

  /** Counts one live subscriber of `topic` (a subscription field) until the returned function is called (once). */
  subscribed(topic: string | undefined, transport: LiveTransport): () => void {
    const labels = { topic: topic && this.topics.has(topic) ? topic : OTHER, transport };
    this.subscribers.inc(labels);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.subscribers.dec(labels);
    };
  }

  /**
   * The live engine's push hook (`onPush`): `ms` runs from the first event the push covers to the
   * push. Writes to subscribers follow in the same turn of the event loop (the shared result is
   * executed and written without I/O), so the time is taken on the next turn, after the last write.
   * The topic's kind (`ranking` of `ranking:12`) is the label: one series per kind, not per topic.
   */
  pushed(topic: string, ms: number): void {
    const since = performance.now() - ms;
    const kind = topic.split(':')[0]!;
    setImmediate(() => this.pushSeconds.observe({ topic: kind }, Math.max(0, performance.now() - since) / 1000));
  }

  /** The response cache's hooks: an answer served from the shared cache, or computed. */
  cacheHit(operation: string): void {
    this.cacheLookups.inc({ operation, result: 'hit' });
  }

  cacheMiss(operation: string): void {
    this.cacheLookups.inc({ operation, result: 'miss' });
  }

  /** Observes the bus lag of every other instance's heartbeat; stopped by close(). */
  watchBus(bus: Pick<EventBus, 'subscribe'>, instanceId: string): void {
    this.stops.push(
      follow(bus.subscribe('heartbeat'), (beat) => {
        if (beat.instance !== instanceId) this.busLagSeconds.observe(Math.max(0, Date.now() - Date.parse(beat.at)) / 1000);
      }),
    );
  }

  /**
   * PostgreSQL's pool: connections by state, requests waiting for one, and how long each checkout
   * took (waiting for a free connection, or opening a new one). `pool.query` checks out through
   * `pool.connect`, so wrapping it times every statement's wait.
   */
  watchPool(pool: pg.Pool): void {
    const acquireSeconds = new Histogram({
      name: 'pantau_db_pool_acquire_seconds',
      help: 'Time to obtain a PostgreSQL connection from the pool (queueing when all are busy)',
      buckets: WAIT_BUCKETS,
      registers: [this.registry],
    });
    new Gauge({
      name: 'pantau_db_pool_connections',
      help: 'PostgreSQL pool connections: total, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    const connect = pool.connect.bind(pool) as (
      cb?: (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void,
    ) => Promise<pg.PoolClient> | void;
    const timed = (cb?: (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void) => {
      const t0 = performance.now();
      const observe = () => acquireSeconds.observe((performance.now() - t0) / 1000);
      if (cb) {
        return connect((err, client, done) => {
          observe();
          cb(err, client, done);
        });
      }
      return (connect() as Promise<pg.PoolClient>).finally(observe);
    };
    pool.connect = timed as typeof pool.connect;
    this.stops.push(() => {
      pool.connect = connect as typeof pool.connect;
    });
  }

  /** The text Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.registry.clear();
  }
}
