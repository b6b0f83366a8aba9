/**
 * The reference catalogue: regions, agencies, service units and selection years held in this
 * process, so that the reads nearly every public request makes (a formation's agency, unit,
 * region and year; the region list) cost no database round trip. The rows are small and change
 * rarely, always through a service (reference/agencies.ts, reference/selection-years.ts) or the
 * region and seed CLIs, each of which publishes `referenceChanged` after its commit.
 *
 * How it stays true: each table is loaded whole on its first read and dropped whenever
 * `referenceChanged` names it, from whichever process made the change (`follow`); the next read
 * loads it again. The instance that commits a change drops it before the mutation answers (the
 * server hands it the event synchronously, see `publisherFor`); other instances drop it when the
 * bus delivers the event (milliseconds). While the bus is disconnected events may be lost, so a
 * table is trusted for at most `maxAgeWhileDisconnected` ms, and everything is dropped when the
 * bus comes back. A lookup by id that misses (a row committed by another process whose event has
 * not arrived yet) reloads the table once; a lookup by a caller's code never does.
 *
 * Size: every region of the loaded dataset is held, villages included when they are loaded
 * (see docs/caching.md for the measured load time and memory). The rows handed out are shared
 * between requests: callers must not change them.
 */
import type { Agency, PrismaClient, Region, SelectionYear, ServiceUnit } from '../generated/prisma/client.js';
import type { RegionKind } from '../generated/prisma/enums.js';
import type { EventBus } from '../events/bus.js';
import type { Publisher } from '../events/publisher.js';
import type { ReferenceTable } from '../events/topics.js';

/** A value now when the table is loaded, else once it is. */
export type Loaded<T> = T | Promise<T>;

function then<T, R>(value: Loaded<T>, map: (value: T) => R): Loaded<R> {
  return value instanceof Promise ? value.then(map) : map(value);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** One table's snapshot: loaded on first use, dropped on change, trusted for a while when told to. */
class Table<T> {
  private value: T | undefined;
  private loading: Promise<T> | undefined;
  private loadedAt = 0;
  /** Bumped by every drop: a load begun before it is handed to its waiters but never kept. */
  private generation = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly maxAgeMs: () => number,
  ) {}

  get(): Loaded<T> {
    return this.current() ?? this.reload();
  }

  /** The loaded value while it may be trusted, else undefined (no promise: the hot path). */
  current(): T | undefined {
    return this.value !== undefined && performance.now() - this.loadedAt <= this.maxAgeMs() ? this.value : undefined;
  }

  /** A fresh load (shared by whoever asks while it runs). */
  reload(): Promise<T> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const started = performance.now();
    const loading = this.load().then(
      (value) => {
        if (this.loading === loading) this.loading = undefined;
        if (generation === this.generation) {
          this.value = value;
          this.loadedAt = started;
        }
        return value;
      },
      (err: unknown) => {
        if (this.loading === loading) this.loading = undefined;
        throw err;
      },
    );
    this.loading = loading;
    return loading;
  }

  drop(): void {
    this.generation++;
    this.value = undefined;
    this.loading = undefined;
  }
}

interface Regions {
  /** Ordered by code as the database orders it. */
  ordered: Region[];
  /** Lower-case names, parallel to `ordered`, for the name search. */
  lowerNames: string[];
  byId: Map<number, Region>;
  byCode: Map<string, Region>;
  children: Map<number, Region[]>;
}

interface Agencies {
  byId: Map<number, Agency>;
  /** By region, ordered by code. */
  byRegion: Map<number, Agency[]>;
}

interface ServiceUnits {
  byId: Map<number, ServiceUnit>;
  byCode: Map<string, ServiceUnit>;
  /** By region, ordered by code. */
  byRegion: Map<number, ServiceUnit[]>;
}

/** The `regions` query's filter, already checked (see schema/region.ts). */
export interface RegionFilter {
  kind?: RegionKind | null;
  parentCode?: string | null;
  /** A code prefix when only digits and dots, else part of the name in any case. */
  search?: string | null;
  first: number;
  offset: number;
}

export interface CatalogueOptions {
  /** How long a table is trusted while the bus is disconnected (events may be lost meanwhile). */
  maxAgeWhileDisconnected: number;
}

export class ReferenceCatalogue {
  private trusted = true;
  private readonly regions: Table<Regions>;
  private readonly agencies: Table<Agencies>;
  private readonly serviceUnits: Table<ServiceUnits>;
  private readonly selectionYears: Table<Map<number, SelectionYear>>;

  constructor(prisma: PrismaClient, options: CatalogueOptions) {
    const maxAge = () => (this.trusted ? Number.POSITIVE_INFINITY : options.maxAgeWhileDisconnected);
    this.regions = new Table(async () => {
      const ordered = await prisma.region.findMany({ orderBy: { code: 'asc' } });
      return {
        ordered,
        lowerNames: ordered.map((r) => r.name.toLowerCase()),
        byId: new Map(ordered.map((r) => [r.id, r])),
        byCode: new Map(ordered.map((r) => [r.code, r])),
        children: groupBy(ordered, (r) => r.parentId),
      };
    }, maxAge);
    this.agencies = new Table(async () => {
      const rows = await prisma.agency.findMany({ orderBy: { code: 'asc' } });
      return { byId: new Map(rows.map((a) => [a.id, a])), byRegion: groupBy(rows, (a) => a.regionId) };
    }, maxAge);
    this.serviceUnits = new Table(async () => {
      const rows = await prisma.serviceUnit.findMany({ orderBy: { code: 'asc' } });
      return { byId: new Map(rows.map((u) => [u.id, u])), byCode: new Map(rows.map((u) => [u.code, u])), byRegion: groupBy(rows, (u) => u.regionId) };
    }, maxAge);
    this.selectionYears = new Table(async () => new Map((await prisma.selectionYear.findMany()).map((y) => [y.id, y])), maxAge);
  }

  /** Drops the tables a committed change touched. */
  changed(tables: readonly ReferenceTable[]): void {
    for (const table of tables) this.tables[table].drop();
  }

  /**
   * Follows `referenceChanged` on the bus and its connection (distrusting the tables while it is
   * down, dropping them when it is back); returns the unsubscribe.
   */
  follow(bus: Pick<EventBus, 'subscribe' | 'onConnectionChange' | 'connected'>): () => void {
    this.trusted = bus.connected();
    const iterator = bus.subscribe('referenceChanged');
    void (async () => {
      for await (const event of iterator) this.changed(event.tables);
    })().catch(() => this.dropAll());
    const stopWatching = bus.onConnectionChange((connected) => {
      this.trusted = connected;
      if (connected) this.dropAll();
    });
    return () => {
      stopWatching();
      void iterator.return?.();
    };
  }

  /**
   * `target` with this catalogue told of its own process's reference changes at once, before
   * the bus carries them (so the mutation's own answer and the caller's next read see them).
   */
  publisherFor(target: Publisher): Publisher {
    return {
      publish: (topic, payload) => {
        if (topic === 'referenceChanged') this.changed((payload as { tables: ReferenceTable[] }).tables);
        target.publish(topic, payload);
      },
    };
  }

  private get tables(): Record<ReferenceTable, { drop(): void }> {
    return { region: this.regions, agency: this.agencies, serviceUnit: this.serviceUnits, selectionYear: this.selectionYears };
  }

  private dropAll(): void {
    this.changed(['region', 'agency', 'serviceUnit', 'selectionYear']);
  }

  /**
   * The slow path of a lookup by id: the table is not loaded (a load may be under way), or the
   * row a committed foreign key points at is missing from it (its `referenceChanged` has not
   * arrived yet). Missing after a load that may have begun before the row's commit, the table is
   * loaded once more; still missing, the database itself lacks it.
   */
  private byId<T, R>(table: Table<T>, what: string, id: number, pick: (value: T) => R | undefined): Promise<R> {
    return table.reload().then(
      (value) =>
        pick(value) ??
        table.reload().then((fresh) => {
          const row = pick(fresh);
          if (row === undefined) throw new Error(`${what} ${id} is not in the database`);
          return row;
        }),
    );
  }

  /** By the id a committed row refers to. */
  region(id: number): Loaded<Region> {
    return this.regions.current()?.byId.get(id) ?? this.byId(this.regions, 'region', id, (r) => r.byId.get(id));
  }

  regionByCode(code: string): Loaded<Region | null> {
    return then(this.regions.get(), (r) => r.byCode.get(code) ?? null);
  }

  /** The regions directly below `id`, by code. */
  childrenOf(id: number): Loaded<Region[]> {
    return then(this.regions.get(), (r) => r.children.get(id) ?? []);
  }

  /** The `regions` query: by code, of one kind, under one parent or matching a search, one page. */
  listRegions(filter: RegionFilter): Loaded<Region[]> {
    return then(this.regions.get(), (r) => {
      const { kind, parentCode, search } = filter;
      let rows = r.ordered;
      let names = r.lowerNames;
      if (parentCode) {
        const parent = r.byCode.get(parentCode);
        rows = parent ? (r.children.get(parent.id) ?? []) : [];
        names = rows.map((row) => row.name.toLowerCase());
      }
      const prefix = search && /^[\d.]+$/.test(search) ? search : undefined;
      const part = search && !prefix ? search.toLowerCase() : undefined;
      const page: Region[] = [];
      let skip = filter.offset;
      for (let i = 0; i < rows.length && page.length < filter.first; i++) {
        const row = rows[i]!;
        if (kind && row.kind !== kind) continue;
        if (prefix !== undefined && !row.code.startsWith(prefix)) continue;
        if (part !== undefined && !names[i]!.includes(part)) continue;
        if (skip > 0) skip--;
        else page.push(row);
      }
      return page;
    });
  }

  /** By the id a committed row refers to. */
  agency(id: number): Loaded<Agency> {
    return this.agencies.current()?.byId.get(id) ?? this.byId(this.agencies, 'agency', id, (a) => a.byId.get(id));
  }

  /** The agencies based in region `id`, by code. */
  agenciesIn(regionId: number): Loaded<Agency[]> {
    return then(this.agencies.get(), (a) => a.byRegion.get(regionId) ?? []);
  }

  /** By the id a committed row refers to. */
  serviceUnit(id: number): Loaded<ServiceUnit> {
    return this.serviceUnits.current()?.byId.get(id) ?? this.byId(this.serviceUnits, 'service unit', id, (u) => u.byId.get(id));
  }

  serviceUnitByCode(code: string): Loaded<ServiceUnit | null> {
    return then(this.serviceUnits.get(), (u) => u.byCode.get(code) ?? null);
  }

  /** The service units in region `id`, by code. */
  serviceUnitsIn(regionId: number): Loaded<ServiceUnit[]> {
    return then(this.serviceUnits.get(), (u) => u.byRegion.get(regionId) ?? []);
  }

  /** By the id a committed row refers to. */
  selectionYear(id: number): Loaded<SelectionYear> {
    return this.selectionYears.current()?.get(id) ?? this.byId(this.selectionYears, 'selection year', id, (y) => y.get(id));
  }
}
