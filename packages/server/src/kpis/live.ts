/**
 * Live recruitment KPIs. Score events and application events arrive on the shared bus (from any
 * instance); each region topic (region code and year) that they concern is recomputed at most
 * once per interval, once for all its subscribers on this instance, and pushed only when a figure
 * changed. The exam facts cache lives here too, so queries and topics share it.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ScoresChanged } from '../exams/ingestion.js';
import type { RankingSummaries } from '../exams/ranking.js';
import { channel } from '../live/channel.js';
import type { PantauPubSub } from '../transport/pubsub.js';
import type { ApplicationsChanged } from './events.js';
import { ExamFactsCache, recruitmentKpis, type RecruitmentKpis } from './service.js';

interface Topic {
  regionCode: string;
  year: number;
  subscribers: Set<(value: RecruitmentKpis) => void>;
  last?: RecruitmentKpis;
  fingerprint?: string;
  /** Formations whose scores concern this region (its own and their optimalisasi siblings). */
  formationIds: Set<number>;
  dirty: boolean;
  timer?: NodeJS.Timeout;
  lastRun: number;
  running?: Promise<void>;
  /** When the first event not yet pushed arrived. */
  since?: number;
}

export interface KpiLiveOptions {
  intervalMs?: number;
  /** Called after each topic computation (tests count them). */
  onCompute?: (topic: string) => void;
  /** Called as a topic pushes, with when the first event it covers arrived (metrics' push latency). */
  onPush?: (kind: string, since: number) => void;
}

/** Everything of a KPI result but the time it was computed: equal fingerprints, nothing to push. */
function fingerprint(k: RecruitmentKpis): string {
  return JSON.stringify({ ...k, updatedAt: undefined, regionIds: undefined });
}

export class KpiLive {
  readonly facts = new ExamFactsCache();
  private readonly topics = new Map<string, Topic>();
  private readonly intervalMs: number;
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly prisma: PrismaClient,
    private readonly pubsub: PantauPubSub,
    private readonly summaries?: RankingSummaries,
    private readonly options: KpiLiveOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
  }

  private listen<T>(iterable: AsyncIterable<T>, handle: (value: T) => void) {
    const iterator = iterable[Symbol.asyncIterator]();
    let stopped = false;
    this.stops.push(() => {
      stopped = true;
      void iterator.return?.();
    });
    void (async () => {
      while (!stopped) {
        const { value, done } = await iterator.next();
        if (done) break;
        handle(value);
      }
    })();
  }

  start(): this {
    this.listen(this.pubsub.subscribe('scoresChanged'), (e) => this.onScores(e));
    this.listen(this.pubsub.subscribe('applicationsChanged'), (e) => this.onApplications(e));
    return this;
  }

  /** The KPIs now, from the shared caches (null for an unknown region or year). */
  compute(regionCode: string, year?: number | null): Promise<RecruitmentKpis | null> {
    return recruitmentKpis({ prisma: this.prisma, facts: this.facts, summaries: this.summaries }, regionCode, year);
  }

  private onScores(event: ScoresChanged) {
    const affected = this.facts.affected(event.formationIds);
    this.facts.invalidate(event.formationIds);
    for (const topic of this.topics.values()) {
      if ([...affected].some((id) => topic.formationIds.has(id))) this.schedule(topic);
    }
  }

  private onApplications(event: ApplicationsChanged) {
    for (const topic of this.topics.values()) {
      if (!topic.last || event.regionIds.some((id) => topic.last!.regionIds.has(id))) this.schedule(topic);
    }
  }

  private schedule(topic: Topic) {
    topic.dirty = true;
    if (!topic.subscribers.size) return;
    topic.since ??= Date.now();
    if (topic.timer) return;
    const delay = Math.max(0, topic.lastRun + this.intervalMs - Date.now());
    topic.timer = setTimeout(() => {
      topic.timer = undefined;
      topic.running = (topic.running ?? Promise.resolve())
        .then(() => this.run(topic))
        .catch((err) => console.error('kpi topic failed', err))
        .then(() => {
          if (topic.dirty) this.schedule(topic);
        });
    }, delay);
  }

  private async run(topic: Topic) {
    topic.lastRun = Date.now();
    topic.dirty = false;
    const since = topic.since;
    topic.since = undefined;
    const kpis = await this.compute(topic.regionCode, topic.year);
    this.options.onCompute?.(`kpis:${topic.regionCode}:${topic.year}`);
    if (!kpis) return;
    topic.formationIds = this.facts.affected(kpis.formations.map((f) => f.formationId));
    const print = fingerprint(kpis);
    if (print === topic.fingerprint) return;
    topic.fingerprint = print;
    topic.last = kpis;
    if (since !== undefined) this.options.onPush?.('kpis', since);
    for (const push of topic.subscribers) push(kpis);
  }

  /** A region's KPIs: the current snapshot first, then a push whenever a figure changes. */
  updates(regionCode: string, year: number): AsyncIterableIterator<RecruitmentKpis> {
    const key = `${regionCode}|${year}`;
    let topic = this.topics.get(key);
    if (!topic) {
      topic = { regionCode, year, subscribers: new Set(), formationIds: new Set(), dirty: false, lastRun: 0 };
      this.topics.set(key, topic);
    }
    const t = topic;
    const { push, iterator } = channel<RecruitmentKpis>(() => {
      t.subscribers.delete(push);
      if (!t.subscribers.size) {
        clearTimeout(t.timer);
        this.topics.delete(key);
      }
    });
    t.subscribers.add(push);
    if (t.last) push(t.last);
    // First subscriber (or joining a first computation still running): compute once, for everyone.
    else t.running = (t.running ?? Promise.resolve()).then(() => (t.last ? undefined : this.run(t))).catch((err) => console.error('kpi snapshot failed', err));
    return iterator;
  }

  close(): void {
    for (const stop of this.stops) stop();
    for (const t of this.topics.values()) clearTimeout(t.timer);
    this.topics.clear();
  }
}
