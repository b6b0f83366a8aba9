/**
 * Live recruitment KPIs, one topic per region and year: which score and application events
 * concern which regions, and a push only when a figure changed. The coalescing, snapshots and
 * fan-out are the live-topic engine's (live/engine.ts). The exam facts cache lives here too, so
 * queries and topics share it.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import type { RankingSummaries } from '../exams/ranking.js';
import { follow, LiveTopics, type LiveTopicHooks, type TopicPass } from '../live/engine.js';
import type { EventBus } from '../events/bus.js';
import type { ApplicationsChanged, ScoresChanged } from '../events/topics.js';
import { ExamFactsCache, recruitmentKpis, type RecruitmentKpis } from './service.js';

export type KpiLiveOptions = LiveTopicHooks;

/** Everything of a KPI result but the time it was computed: equal fingerprints, nothing to push. */
function fingerprint(k: RecruitmentKpis): string {
  return JSON.stringify({ ...k, updatedAt: undefined, regionIds: undefined });
}

/** A topic's key: region code and year (`15.71:2024`). */
type KpiTopic = `${string}:${number}`;

export class KpiLive {
  readonly facts = new ExamFactsCache();
  private readonly topics: LiveTopics<KpiTopic, RecruitmentKpis>;
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly prisma: PrismaClient,
    private readonly bus: EventBus,
    private readonly summaries?: RankingSummaries,
    options: KpiLiveOptions = {},
  ) {
    this.topics = new LiveTopics({ ...options, name: 'kpis', compute: (pass) => this.computeTopic(pass) });
  }

  start(): this {
    this.stops.push(follow(this.bus.subscribe('scoresChanged'), (e) => this.onScores(e)));
    this.stops.push(follow(this.bus.subscribe('applicationsChanged'), (e) => this.onApplications(e)));
    return this;
  }

  /** The KPIs now, from the shared caches (null for an unknown region or year). */
  compute(regionCode: string, year?: number | null): Promise<RecruitmentKpis | null> {
    return recruitmentKpis({ prisma: this.prisma, facts: this.facts, summaries: this.summaries }, regionCode, year);
  }

  /**
   * Follows the event bus: when events from other instances flow again after a gap, the exam
   * facts they would have invalidated are forgotten and every watched region recomputed, so
   * nothing missed in between stays missing.
   */
  busConnection(connected: boolean): void {
    if (!connected) return;
    this.facts.clear();
    this.topics.markEach();
  }

  /** Regions showing a formation whose exam facts these scores change (its optimalisasi siblings included). */
  private onScores(event: ScoresChanged) {
    const affected = this.facts.affected(event.formationIds);
    this.facts.invalidate(event.formationIds);
    this.topics.markEach((_, last) => last?.formations.some((f) => affected.has(f.formationId)) === true);
  }

  private onApplications(event: ApplicationsChanged) {
    this.topics.markEach((_, last) => !last || event.regionIds.some((id) => last.regionIds.has(id)));
  }

  /** A region's KPIs when a figure changed since the last push (undefined otherwise, or for an unknown region). */
  private async computeTopic({ key, last }: TopicPass<KpiTopic, RecruitmentKpis, never>): Promise<RecruitmentKpis | undefined> {
    const at = key.lastIndexOf(':');
    const kpis = await this.compute(key.slice(0, at), Number(key.slice(at + 1)));
    if (!kpis || (last && fingerprint(kpis) === fingerprint(last))) return undefined;
    return kpis;
  }

  /** A region's KPIs: the current snapshot first, then a push whenever a figure changes. */
  updates(regionCode: string, year: number): AsyncIterableIterator<RecruitmentKpis> {
    return this.topics.subscribe(`${regionCode}:${year}`);
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.topics.close();
  }
}
