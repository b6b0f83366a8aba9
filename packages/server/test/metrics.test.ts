/**
 * The Prometheus endpoint as an operator and an outsider meet it: only on its own port, never on
 * the public one; the figures move with real queries, subscriptions (graphql-ws and SSE), score
 * commits, heartbeats across instances and PostgreSQL pool checkouts; no caller-chosen text (an
 * operation name, a variable) ever becomes a label.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { repoRoot } from '../src/paths.js';
import { loadPersistedManifest } from '../src/transport/persisted.js';
import { RANKING_QUERY } from '../bench/suites/fanout.js';
import { startInstance, startTestApp, type TestApp } from './app.js';
import { createExamWorld, scoreCommits } from './exam-fixture.js';

/** The value of one sample (`name{labels} value`), 0 when absent; `labels` must all match. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const body = line.slice(name.length);
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.text();
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const regionsHash = [...loadPersistedManifest()].find(([, text]) => text.startsWith('query Regions('))![0];

describe('metrics endpoint', () => {
  let app: TestApp;
  let metricsUrl: string;
  beforeAll(async () => {
    app = await startTestApp('postgres', { metricsPort: 0, liveIntervalMs: 50 });
    metricsUrl = app.server.metricsUrl!;
  }, 60_000);
  afterAll(() => app?.close());

  it('answers on its own loopback port only, never on the public one, whoever asks', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(metricsUrl).port).not.toBe(String(app.server.port));
    expect(await scrape(metricsUrl)).toContain('pantau_graphql_request_duration_seconds');
    for (const headers of [{}, { authorization: 'Bearer anything' }, { accept: 'text/plain' }] as Record<string, string>[]) {
      const res = await fetch(`${app.server.url}/metrics`, { headers });
      expect(await res.text()).not.toContain('pantau_');
    }
    // No GraphQL field leads there either: the schema has no metrics.
    const introspected = await app.gql('{ __schema { queryType { fields { name } } } }');
    expect(JSON.stringify(introspected)).not.toMatch(/metric/i);
  });

  it('is not served at all unless the operator sets a port', async () => {
    const plain = await startInstance(app.db);
    try {
      expect(plain.server.metricsUrl).toBeUndefined();
      expect(await (await fetch(`${plain.server.url}/metrics`)).text()).not.toContain('pantau_');
    } finally {
      await plain.close();
    }
  });

  it('times queries under their persisted name; any other name is one label and no variable is ever shown', async () => {
    const before = await scrape(metricsUrl);
    const persisted = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        operationName: 'Regions',
        variables: { first: 2, search: 'Siti Aminah 3171012345678901' },
        extensions: { persistedQuery: { version: 1, sha256Hash: regionsHash } },
      }),
    });
    expect(persisted.status).toBe(200);
    const own = await app.gql('query Nik3171012345678901 { regions(first: 1) { code name } }');
    expect(own.errors).toBeUndefined();
    const after = await scrape(metricsUrl);
    const count = (text: string, operation: string) => sample(text, 'pantau_graphql_request_duration_seconds_count', { operation, transport: 'http' });
    expect(count(after, 'Regions') - count(before, 'Regions')).toBe(1);
    expect(count(after, 'other') - count(before, 'other')).toBe(1);
    expect(after).not.toContain('3171012345678901');
    expect(after).not.toContain('Siti');
  });

  it('counts the response cache: a public persisted GET computed once, then served from the cache', async () => {
    const before = await scrape(metricsUrl);
    const url = `${app.server.url}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: regionsHash } }))}&variables=${encodeURIComponent(JSON.stringify({ first: 3 }))}`;
    const headers = { 'x-graphql-yoga-csrf': 'metrics-test' };
    const first = await fetch(url, { headers });
    const second = await fetch(url, { headers });
    expect([first.headers.get('x-response-cache'), second.headers.get('x-response-cache')]).toEqual(['miss', 'hit']);
    const after = await scrape(metricsUrl);
    const lookups = (text: string, result: string) => sample(text, 'pantau_response_cache_lookups_total', { operation: 'Regions', result });
    expect(lookups(after, 'miss') - lookups(before, 'miss')).toBe(1);
    expect(lookups(after, 'hit') - lookups(before, 'hit')).toBe(1);
  });

  it('counts errors by code, including those refused before execution', async () => {
    const before = sample(await scrape(metricsUrl), 'pantau_graphql_errors_total', { code: 'PERSISTED_QUERY_NOT_FOUND' });
    await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    });
    expect(sample(await scrape(metricsUrl), 'pantau_graphql_errors_total', { code: 'PERSISTED_QUERY_NOT_FOUND' })).toBe(before + 1);
  });

  it('counts live subscribers per topic and transport while they are open', async () => {
    const subscribers = async (transport: string) => sample(await scrape(metricsUrl), 'pantau_live_subscribers', { topic: 'heartbeat', transport });
    const client = createClient({ url: `${app.server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const stop = client.subscribe({ query: 'subscription { heartbeat { sequence } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    expect(
      await until(
        () => subscribers('ws'),
        (n) => n === 1,
      ),
    ).toBe(1);

    const controller = new AbortController();
    const sse = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { heartbeat { sequence } }' }),
      signal: controller.signal,
    });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    expect(
      await until(
        () => subscribers('sse'),
        (n) => n === 1,
      ),
    ).toBe(1);

    stop();
    await client.dispose();
    controller.abort();
    expect(
      await until(
        () => subscribers('ws'),
        (n) => n === 0,
      ),
    ).toBe(0);
    expect(
      await until(
        () => subscribers('sse'),
        (n) => n === 0,
      ),
    ).toBe(0);
  });

  it('times a push from the score commit to the last write, and the pool checkouts behind it', async () => {
    const world = await createExamWorld(app.db.prisma, { applicants: 4, tag: 'M' });
    const commit = scoreCommits(app.db.prisma, world, 'metrics');
    const pushes = async () => sample(await scrape(metricsUrl), 'pantau_live_push_seconds_count', { topic: 'ranking' });
    const before = await pushes();
    const client = createClient({ url: `${app.server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const received: unknown[] = [];
    const stop = client.subscribe(
      { query: RANKING_QUERY, variables: { f: world.formationGlobalId } },
      { next: (m) => void received.push(m), error: () => {}, complete: () => {} },
    );
    try {
      await until(
        async () => received.length,
        (n) => n >= 1,
      );
      await commit(app.events);
      await until(
        async () => received.length,
        (n) => n >= 2,
      );
      expect(received.length).toBeGreaterThanOrEqual(2);
      expect(await until(pushes, (n) => n > before)).toBe(before + 1);
      const text = await scrape(metricsUrl);
      // The push waited at least nothing and at most the test's patience; its sum is real seconds.
      expect(sample(text, 'pantau_live_push_seconds_sum', { topic: 'ranking' })).toBeLessThan(5);
      expect(sample(text, 'pantau_db_pool_acquire_seconds_count')).toBeGreaterThan(0);
      expect(sample(text, 'pantau_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('is what the Grafana dashboard in the repository charts: every metric it queries exists', async () => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(repoRoot, 'docs/grafana/pantau.json'), 'utf8')) as {
      panels: Array<{ targets: Array<{ expr: string }> }>;
    };
    const queried = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/\b(pantau|nodejs|process)_[a-z0-9_]+/g) ?? [])));
    expect(queried.size).toBeGreaterThan(8);
    const text = await scrape(metricsUrl);
    const missing = [...queried].filter((name) => !text.includes(`# TYPE ${name.replace(/_(bucket|count|sum)$/, '')} `));
    expect(missing).toEqual([]);
  });

  it("observes the event-bus lag of other instances' heartbeats, not its own", async () => {
    const a = await startInstance(app.db, { redis: true, instanceId: 'lag-a', heartbeatIntervalMs: 50, metricsPort: 0 });
    try {
      const lagCount = async () => sample(await scrape(a.server.metricsUrl!), 'pantau_event_bus_lag_seconds_count');
      await new Promise((r) => setTimeout(r, 300));
      expect(await lagCount()).toBe(0);
      const b = await startInstance(app.db, { redis: true, instanceId: 'lag-b', heartbeatIntervalMs: 50 });
      try {
        expect(await until(lagCount, (n) => n >= 2)).toBeGreaterThanOrEqual(2);
        expect(sample(await scrape(a.server.metricsUrl!), 'pantau_event_bus_lag_seconds_sum')).toBeLessThan(5);
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }
  });
});

describe('OpenTelemetry tracing', () => {
  it('gives each operation a span named after it, without its variables', async () => {
    const spans: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export: (batch, done) => {
        spans.push(...batch);
        done({ code: 0 });
      },
      shutdown: async () => {},
    };
    const app = await startTestApp('postgres', { spanExporter: exporter });
    try {
      const answer = await app.gql('query FindRegions($search: String) { regions(search: $search, first: 1) { code } }', { search: 'Siti 3171012345678901' });
      expect(answer.errors).toBeUndefined();
    } finally {
      await app.close(); // flushes the batched spans
    }
    expect(spans.map((s) => s.name)).toContain('pantau.query.FindRegions');
    const exported = JSON.stringify(spans.map((s) => s.attributes));
    expect(exported).toContain('FindRegions');
    expect(exported).not.toContain('3171012345678901');
    expect(exported).not.toContain('Siti');
  });
});
