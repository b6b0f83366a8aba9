/**
 * Public reads a cache can serve. A persisted query on the allow-list below, sent over GET without
 * credentials (the PUBLIC role), is answered from a response cache shared by the instances (Redis
 * when `REDIS_URL` is set, memory otherwise) and marked for HTTP caches in front (a CDN, nginx):
 * `Cache-Control`, `ETag`, `Vary`, and `304` on `If-None-Match`. A published announcement version
 * never changes and is cached for a year; live answers (rankings, KPIs, lists) for one live
 * interval (at least a second), and are dropped at once by the events that drive the live topics,
 * so no instance serves an answer computed before a commit it has heard of. Everything else
 * (credentials, POST, other operations, answers with errors) is `Cache-Control: private, no-store`
 * and never stored. See docs/caching.md.
 */
import { createHash } from 'node:crypto';
import { getOperationAST, parse, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { PersistedManifest } from './persisted.js';
import type { EventBus } from '../events/bus.js';
import type { Topic } from '../events/topics.js';
import { follow } from '../live/engine.js';

/** `immutable`: the same answer forever (a published announcement version); `live`: fresh for one live interval. */
export type CacheKind = 'immutable' | 'live';

/**
 * The public persisted queries a shared cache may serve, by operation name, and what their answer
 * is. Only operations whose answer is the same for every caller without credentials belong here.
 */
export const CACHEABLE_OPERATIONS: Readonly<Record<string, (data: Record<string, unknown>) => CacheKind>> = {
  // A published version (node found) is never edited: corrections are new versions. Its document
  // selects `replaces` (fixed at publication), never `replacedBy`. An id not (yet) published is live.
  AnnouncementEntries: (data) => (data.node ? 'immutable' : 'live'),
  Announcements: () => 'live',
  FormationAnnouncements: () => 'live',
  Ranking: () => 'live',
  Formation: () => 'live',
  Formations: () => 'live',
  RecruitmentKpis: () => 'live',
  RegionKpis: () => 'live',
  SelectionYears: () => 'live',
  Regions: () => 'live',
  RegionTree: () => 'live',
  ExamSession: () => 'live',
  ServiceSatisfaction: () => 'live',
};

/** The committed changes that drive the live topics; each drops every live answer. */
export const INVALIDATING_EVENTS = [
  'scoresChanged',
  'sessionStatusChanged',
  'announcementPublished',
  'applicationStatusChanged',
  'applicationsChanged',
  'responsesArrived',
  'referenceChanged',
] as const satisfies ReadonlyArray<Topic>;

const IMMUTABLE_SECONDS = 365 * 24 * 3600;
const IMMUTABLE_STORE_MS = 3600 * 1000;
/** How long a request waits for the same answer being computed by another before computing its own. */
const FOLLOWER_WAIT_MS = 5000;

/** The HTTP freshness of live answers: one live interval, in whole seconds, at least one. */
export function liveMaxAge(liveIntervalMs: number): number {
  return Math.max(1, Math.ceil(liveIntervalMs / 1000));
}

export const NO_STORE = 'private, no-store';
/** Shared caches key public answers by these too: an answer to a request with credentials is never one of them. */
const VARY = 'Accept, Authorization, X-Api-Key';

export interface StoredAnswer {
  body: string;
  contentType: string;
  etag: string;
  kind: CacheKind;
}

interface Lookup {
  answer?: StoredAnswer;
  /** The store's live generation when looked up; an answer stored under an older one is never served. */
  generation?: number;
}

/** Where answers are kept: one process's memory, or Redis shared by the instances. */
export interface AnswerStore {
  lookup(key: string): Promise<Lookup>;
  /** Keeps `answer` unless the live generation moved past `generation` meanwhile. */
  store(key: string, answer: StoredAnswer, generation: number, ttlMs: number): Promise<void>;
  /** Drops every live answer (a committed change). */
  invalidateLive(): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  answer: StoredAnswer;
  generation: number;
}

/** One process's answers, at most `maxBytes` of them (least recently used go first). */
export class MemoryAnswerStore implements AnswerStore {
  #generation = 0;
  readonly #entries: LRUCache<string, Entry>;

  constructor(maxBytes = 64 * 2 ** 20) {
    this.#entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: (entry, key) => entry.answer.body.length + key.length + 200 });
  }

  async lookup(key: string): Promise<Lookup> {
    const entry = this.#entries.get(key);
    const current = entry && (entry.answer.kind === 'immutable' || entry.generation === this.#generation);
    return { answer: current ? entry.answer : undefined, generation: this.#generation };
  }

  async store(key: string, answer: StoredAnswer, generation: number, ttlMs: number): Promise<void> {
    if (generation === this.#generation || answer.kind === 'immutable') this.#entries.set(key, { answer, generation }, { ttl: ttlMs });
  }

  async invalidateLive(): Promise<void> {
    this.#generation++;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}

/**
 * Answers in Redis, shared by every instance of a deployment (under its namespace). The live
 * generation is one counter that every instance increments on every invalidating event it hears,
 * and an answer carries the generation read before it was computed: one `MGET` reads both, and an
 * answer computed before a commit is refused as soon as any instance has heard of the commit.
 * Redis away means no cache (requests go to the database), never a stalled request.
 */
export class RedisAnswerStore implements AnswerStore {
  readonly #client: Redis;
  readonly #generationKey: string;

  constructor(
    url: string,
    private readonly namespace: string,
  ) {
    this.#client = new Redis(url, {
      enableOfflineQueue: false,
      commandTimeout: 500,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.#client.on('error', () => {});
    this.#generationKey = `${namespace}cache:generation`;
  }

  #key(key: string) {
    return `${this.namespace}cache:${createHash('sha256').update(key).digest('base64url')}`;
  }

  async lookup(key: string): Promise<Lookup> {
    try {
      const [raw, generation] = await this.#client.mget(this.#key(key), this.#generationKey);
      const current = Number(generation ?? 0);
      const entry = raw ? (JSON.parse(raw) as Entry) : undefined;
      const valid = entry && (entry.answer.kind === 'immutable' || entry.generation === current);
      return { answer: valid ? entry.answer : undefined, generation: current };
    } catch {
      return {};
    }
  }

  async store(key: string, answer: StoredAnswer, generation: number, ttlMs: number): Promise<void> {
    await this.#client.set(this.#key(key), JSON.stringify({ answer, generation } satisfies Entry), 'PX', ttlMs).catch(() => {});
  }

  async invalidateLive(): Promise<void> {
    await this.#client.incr(this.#generationKey).catch(() => {});
  }

  async close(): Promise<void> {
    await (this.#client.status === 'ready' ? this.#client.quit() : this.#client.disconnect());
  }
}

/** What one cacheable request is: its key, its operation, and what became of it. */
interface Candidate {
  key: string;
  operation: string;
  kindOf: (data: Record<string, unknown>) => CacheKind;
  generation?: number;
  /** Set when its result may be stored (no errors). */
  kind?: CacheKind;
  /** Resolves the requests waiting on this one's answer (set while it is the one computing it). */
  settle?: (answer: StoredAnswer | undefined) => void;
}

export interface ResponseCacheOptions {
  /** Null: answers carry HTTP cache headers but are not kept here (PANTAU_RESPONSE_CACHE=off). */
  store: AnswerStore | null;
  manifest: PersistedManifest;
  liveIntervalMs: number;
  /** Called per cacheable request answered from the store (hit) or computed (miss): the metrics hook. */
  onHit?: (operation: string) => void;
  onMiss?: (operation: string) => void;
}

function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` share a key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The operation name and declared variables of each persisted document, by its id. */
function operations(manifest: PersistedManifest): Map<string, { name: string; variables: string[] }> {
  const found = new Map<string, { name: string; variables: string[] }>();
  for (const [id, text] of manifest) {
    const operation = getOperationAST(parse(text));
    const name = operation?.name?.value;
    if (name) found.set(id, { name, variables: (operation.variableDefinitions ?? []).map((v) => v.variable.name.value) });
  }
  return found;
}

const RESPONSE_TYPES = ['application/graphql-response+json', 'application/json'];

/**
 * The media type Yoga answers a plain result with, as its result processor picks it: the last of
 * the accepted types (read from the end) it can give. Keys the cache by this rather than by the
 * Accept header itself, which a client can vary at will.
 */
function responseType(accept: string | null): string {
  let chosen = 'none';
  const asked = (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',').reverse();
  for (const entry of asked) {
    const [type = '', ...params] = entry.split(';');
    if (params.some((p) => p.startsWith('charset=') && p !== 'charset=utf-8')) continue;
    const [pre, suf] = type.split('/');
    for (const offered of RESPONSE_TYPES) {
      const [oPre, oSuf] = offered.split('/');
      if ((pre === '*' || pre === oPre) && (suf === '*' || suf === oSuf)) chosen = offered;
    }
  }
  return chosen;
}

export class PublicResponseCache {
  readonly maxAge: number;
  readonly #cacheable = new Map<string, { operation: string; variables: string[]; kindOf: (data: Record<string, unknown>) => CacheKind }>();
  readonly #requests = new WeakMap<Request, Candidate>();
  /** Answers being computed on this instance, by key: a crowd arriving at once computes one. */
  readonly #inflight = new Map<string, Promise<StoredAnswer | undefined>>();

  constructor(private readonly options: ResponseCacheOptions) {
    this.maxAge = liveMaxAge(options.liveIntervalMs);
    for (const [id, { name, variables }] of operations(options.manifest)) {
      const kindOf = CACHEABLE_OPERATIONS[name];
      if (kindOf) this.#cacheable.set(id, { operation: name, variables, kindOf });
    }
  }

  /** The store for a deployment: Redis when it has one, else this process's memory; none when turned off. */
  static storeFor(options: { redisUrl?: string; namespace?: string; enabled?: boolean }): AnswerStore | null {
    if (options.enabled === false) return null;
    return options.redisUrl ? new RedisAnswerStore(options.redisUrl, options.namespace ?? '') : new MemoryAnswerStore();
  }

  /** Drops every live answer; called on each invalidating event and when the event bus reconnects (events may have been missed). */
  invalidateLive(): Promise<void> {
    return this.options.store?.invalidateLive() ?? Promise.resolve();
  }

  /** Follows the invalidating events, and the bus coming back (events may have been missed meanwhile); returns the unsubscribe. */
  follow(bus: Pick<EventBus, 'subscribe' | 'onConnectionChange'>): () => void {
    const stops = INVALIDATING_EVENTS.map((topic) => follow(bus.subscribe(topic), () => void this.invalidateLive()));
    const stopReconnects = bus.onConnectionChange((connected) => connected && void this.invalidateLive());
    return () => {
      for (const stop of stops) stop();
      stopReconnects();
    };
  }

  close(): Promise<void> {
    return this.options.store?.close() ?? Promise.resolve();
  }

  /** The request as a cacheable one, or undefined: GET, no credentials, a persisted id on the allow-list, no document text. */
  #candidate(request: Request, url: URL): Candidate | undefined {
    if (request.method !== 'GET' || request.headers.has('authorization') || request.headers.has('x-api-key')) return undefined;
    const params = url.searchParams;
    if (params.has('query')) return undefined;
    try {
      const extensions = JSON.parse(params.get('extensions') ?? 'null') as { persistedQuery?: { sha256Hash?: unknown } } | null;
      const id = extensions?.persistedQuery?.sha256Hash;
      const allowed = typeof id === 'string' ? this.#cacheable.get(id) : undefined;
      if (!allowed) return undefined;
      // Only the variables the operation declares (GraphQL ignores others): made-up ones make no new entries.
      const given = (JSON.parse(params.get('variables') ?? '{}') ?? {}) as Record<string, unknown>;
      if (typeof given !== 'object' || Array.isArray(given)) return undefined;
      const variables = canonical(Object.fromEntries(allowed.variables.filter((v) => v in given).map((v) => [v, given[v]])));
      const key = [id, params.get('operationName') ?? '', variables, responseType(request.headers.get('accept'))].join('\n');
      return { key, operation: allowed.operation, kindOf: allowed.kindOf };
    } catch {
      return undefined;
    }
  }

  #headers(answer: StoredAnswer, outcome: 'hit' | 'miss'): Record<string, string> {
    const headers = { 'content-type': answer.contentType, etag: answer.etag, vary: VARY, 'x-response-cache': outcome };
    if (answer.kind === 'immutable') return { ...headers, 'cache-control': `public, max-age=${IMMUTABLE_SECONDS}, immutable` };
    // nginx keeps time in whole seconds and counts max-age from the second it stored a copy in, so
    // max-age=1 could serve a copy for almost 2 s; an absolute expiry at the end of this second
    // (+ max-age - 1) holds it to max-age. nginx reads it and does not pass it on.
    const accelExpires = `@${Math.floor(Date.now() / 1000) + this.maxAge - 1}`;
    return { ...headers, 'cache-control': `public, max-age=${this.maxAge}`, 'x-accel-expires': accelExpires };
  }

  #respond(request: Request, answer: StoredAnswer, outcome: 'hit' | 'miss', fetchAPI: { Response: typeof Response }): Response {
    const headers = this.#headers(answer, outcome);
    if (matches(request.headers.get('if-none-match'), answer.etag)) return new fetchAPI.Response(null, { status: 304, headers });
    return new fetchAPI.Response(answer.body, { status: 200, headers });
  }

  /** The Yoga plugin; register it after CSRF prevention, so a hit still needs the CSRF header. */
  plugin(): Plugin {
    // Hooks return at once (no promise) for requests that are not cacheable: they cost them nothing.
    return {
      onRequestParse: ({ request, url, endResponse, fetchAPI }) => {
        const candidate = this.#candidate(request, url);
        if (!candidate) return;
        this.#requests.set(request, candidate);
        if (!this.options.store) return;
        return this.#lookup(candidate, this.options.store).then((found) => {
          if (!found) return this.options.onMiss?.(candidate.operation);
          this.options.onHit?.(candidate.operation);
          endResponse(this.#respond(request, found, 'hit', fetchAPI));
        });
      },
      onResultProcess: ({ request, result }) => {
        const candidate = this.#requests.get(request);
        if (!candidate || Array.isArray(result) || Symbol.asyncIterator in (result as object)) return;
        const { data, errors } = result as ExecutionResult<Record<string, unknown>>;
        if (!errors?.length && data) candidate.kind = candidate.kindOf(data);
      },
      onResponse: ({ request, response, setResponse, fetchAPI }) => {
        const candidate = this.#requests.get(request);
        if (!candidate?.kind || response.status !== 200 || response.headers.has('cache-control')) {
          if (candidate) this.#settle(candidate, undefined);
          if (!response.headers.has('cache-control')) response.headers.set('cache-control', NO_STORE);
          return;
        }
        return this.#keep(candidate, candidate.kind, response).then((answer) => setResponse(this.#respond(request, answer, 'miss', fetchAPI)));
      },
    };
  }

  /** The stored answer, or the one another request on this instance is computing; undefined: this request computes it. */
  async #lookup(candidate: Candidate, store: AnswerStore): Promise<StoredAnswer | undefined> {
    const { answer, generation } = await store.lookup(candidate.key);
    candidate.generation = generation;
    if (answer) return answer;
    const pending = this.#inflight.get(candidate.key);
    if (pending)
      return Promise.race([pending, new Promise<undefined>((resolve) => (setTimeout(resolve, FOLLOWER_WAIT_MS) as unknown as NodeJS.Timeout).unref())]);
    this.#inflight.set(candidate.key, new Promise((resolve) => (candidate.settle = resolve)));
    return undefined;
  }

  /** Stores a computed answer (unless a commit was heard meanwhile) and hands it to the requests waiting for it. */
  async #keep(candidate: Candidate, kind: CacheKind, response: Response): Promise<StoredAnswer> {
    const body = await response.text();
    const answer: StoredAnswer = { body, contentType: response.headers.get('content-type') ?? 'application/json', etag: etagOf(body), kind };
    if (this.options.store && candidate.generation !== undefined) {
      await this.options.store.store(candidate.key, answer, candidate.generation, answer.kind === 'immutable' ? IMMUTABLE_STORE_MS : this.maxAge * 1000);
    }
    this.#settle(candidate, answer);
    return answer;
  }

  #settle(candidate: Candidate, answer: StoredAnswer | undefined) {
    if (!candidate.settle) return;
    candidate.settle(answer);
    candidate.settle = undefined;
    this.#inflight.delete(candidate.key);
  }
}
