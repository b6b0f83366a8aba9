/**
 * The score logs over plain HTTP + JSON, for witnesses and mirrors that speak no GraphQL (protocol
 * in docs/ledger.md). Read-only, public, GET only:
 *   /.well-known/pantau-ledger-key                 the signing key
 *   /ledger/logs                                   every log with its newest signed head
 *   /ledger/heads?origin=O[&first=N]               newest signed heads of a log
 *   /ledger/consistency?origin=O&from=M&to=N       consistency proof
 *   /ledger/inclusion?origin=O&index=I&size=N      audit path of one entry
 *   /ledger/entries?origin=O&start=A&end=B         entries [A, B), at most 1,000
 */
import type http from 'node:http';
import type { PrismaClient } from '../generated/prisma/client.js';
import { HEAD_FORMAT } from '../domain/tree-head.js';
import { logHeads, type LedgerKey } from '../exams/ledger-heads.js';
import { LedgerRequestError, consistencyProof, findLog, inclusionProof, listLogs, logEntries, type LogInfo } from '../exams/ledger.js';

export const LEDGER_KEY_PATH = '/.well-known/pantau-ledger-key';
/** Most entries one request returns: a mirror pages through the rest. */
export const MAX_ENTRIES_PER_REQUEST = 1000;

/** Whether a path is one this handler answers. */
export function isLedgerPath(pathname: string): boolean {
  return pathname === LEDGER_KEY_PATH || pathname.startsWith('/ledger/');
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
  res.end(JSON.stringify(body));
}

function intParam(params: URLSearchParams, name: string, fallback?: number): number {
  const raw = params.get(name);
  if (raw === null && fallback !== undefined) return fallback;
  if (raw === null || !/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw new LedgerRequestError(name, 'must be a whole number from 0');
  return Number(raw);
}

/** Serves the ledger paths; errors become 400 (what the caller sent) or 404 (no such path or log). */
export function ledgerHandler(prisma: PrismaClient, key: LedgerKey) {
  const log = async (params: URLSearchParams): Promise<LogInfo> => {
    const origin = params.get('origin');
    if (!origin) throw new LedgerRequestError('origin', 'is required, e.g. pantau/2026/SKD (see /ledger/logs)');
    const found = await findLog(prisma, origin);
    if (!found) throw new LedgerRequestError('origin', `no score log "${origin}"`);
    return found;
  };
  const routes: Record<string, (params: URLSearchParams) => Promise<unknown>> = {
    [LEDGER_KEY_PATH]: async () => ({ algorithm: 'Ed25519', keyId: key.keyId, publicKey: key.publicKey, headFormat: HEAD_FORMAT }),
    '/ledger/logs': async () =>
      Promise.all((await listLogs(prisma)).map(async (l) => ({ origin: l.origin, size: l.size, head: (await logHeads(prisma, l))[0] ?? null }))),
    '/ledger/heads': async (params) => {
      const first = intParam(params, 'first', 20);
      if (first < 1 || first > 100) throw new LedgerRequestError('first', 'must be 1 to 100');
      return logHeads(prisma, await log(params), { first });
    },
    '/ledger/consistency': async (params) => {
      const l = await log(params);
      const from = intParam(params, 'from');
      const to = intParam(params, 'to');
      return { origin: l.origin, from, to, proof: await consistencyProof(prisma, l, from, to) };
    },
    '/ledger/inclusion': async (params) => {
      const l = await log(params);
      const size = intParam(params, 'size', l.size);
      const index = intParam(params, 'index');
      if (size > l.size) throw new LedgerRequestError('size', `must be at most the log's size (${l.size})`);
      if (index >= size) throw new LedgerRequestError('index', `must be below size (${size})`);
      return { origin: l.origin, index, size, proof: await inclusionProof(prisma, l.id, index, size) };
    },
    '/ledger/entries': async (params) => {
      const l = await log(params);
      const start = intParam(params, 'start');
      const end = Math.min(intParam(params, 'end', start + MAX_ENTRIES_PER_REQUEST), l.size);
      if (end - start > MAX_ENTRIES_PER_REQUEST) throw new LedgerRequestError('end', `at most ${MAX_ENTRIES_PER_REQUEST} entries per request`);
      return { origin: l.origin, start, entries: end > start ? await logEntries(prisma, l.id, start, end) : [] };
    },
  };
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://ledger');
    const route = routes[url.pathname];
    if (!route) return send(res, 404, { error: 'no such ledger path' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'GET only' });
    try {
      send(res, 200, await route(url.searchParams));
    } catch (err) {
      if (err instanceof LedgerRequestError) return send(res, 400, { error: err.message, field: err.field });
      throw err;
    }
  };
}
