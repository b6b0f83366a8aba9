/**
 * Live fan-out. Score and survey events arrive on the shared bus (from any instance); each topic
 * (a formation's ranking, a session's scores, a region's satisfaction) is recomputed at most once
 * per interval, once for all its subscribers on this instance, and the result pushed to each. No
 * database work is done per subscriber; a new subscriber gets the latest snapshot first.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { formationRules, RankingSummaries, skdEntriesOf, skdRankingPage, type FormationRules, type RankingEntry } from '../exams/ranking.js';
import type { ScoresChanged } from '../exams/ingestion.js';
import { sessionScores, type SessionScore } from '../exams/session-scores.js';
import type { SessionStatusChanged } from '../exams/sessions.js';
import { serviceSatisfaction, type ServiceSatisfaction } from '../quality/satisfaction.js';
import type { ResponsesArrived } from '../quality/surveys.js';
import type { PantauPubSub, PubSubTopics } from '../transport/pubsub.js';
import { channel } from './channel.js';
import { log } from '../logger.js';

export interface LiveRankingEntry extends RankingEntry {
  /** Places gained (+) or lost (-) since the previous update; null when new to the list. */
  movement: number | null;
}

export interface RankingUpdate {
  formationId: number;
  sequence: number;
  updatedAt: string;
  totalCount: number;
  cutRank: number | null;
  top: LiveRankingEntry[];
  changed: LiveRankingEntry[];
}

export interface SessionScoresUpdate {
  sessionId: number;
  sequence: number;
  updatedAt: string;
  status: string;
  stage: string;
  startedAt: string | null;
  closedAt: string | null;
  /** When the session's data itself last changed (not when it was sent); null before anything happened. */
  dataAt: string | null;
  /** True when `scores` holds every seat (a snapshot); false when only the changed ones. */
  snapshot: boolean;
  scores: SessionScore[];
}

/** One session of a site as its screen needs it to choose what to show. */
export interface SiteSessionState {
  id: number;
  date: string;
  number: number;
  stage: string;
  status: string;
}

export interface SiteSessionsUpdate {
  siteId: number;
  sequence: number;
  updatedAt: string;
  sessions: SiteSessionState[];
}

export interface FeedbackMetricsUpdate {
  regionCode: string;
  sequence: number;
  updatedAt: string;
  /** Units whose responses arrived since the previous push (none in the first snapshot). */
  changedUnitIds: number[];
  satisfaction: ServiceSatisfaction;
}

export interface LiveHubOptions {
  /** At most one push per topic per interval. */
  intervalMs?: number;
  /** Entries of the ranking's top carried in every push. */
  topN?: number;
  /** Called after each topic computation, e.g. by tests counting them. */
  onCompute?: (topic: string) => void;
  /** Called as a topic pushes an update, with when the first event it covers arrived (metrics' push latency). */
  onPush?: (kind: string, since: number) => void;
}

interface Topic<T> {
  subscribers: Set<(value: T) => void>;
  last?: T;
  pending: Set<string>;
  /** Cancels the scheduled computation. */
  cancel?: () => void;
  /** A ranking topic's formation rules: a formation's type, quota and year never change once it exists. */
  rules?: FormationRules;
  lastRun: number;
  running?: Promise<void>;
  /** The next computation sends a full snapshot (after missed events). */
  resync?: boolean;
  /** When the first event not yet pushed arrived. */
  since?: number;
}

export class LiveHub {
  private readonly rankings = new Map<number, Topic<RankingUpdate>>();
  private readonly sessions = new Map<number, Topic<SessionScoresUpdate>>();
  private readonly feedback = new Map<string, Topic<FeedbackMetricsUpdate>>();
  private readonly sites = new Map<number, Topic<SiteSessionsUpdate>>();
  private readonly previousRanks = new Map<number, Map<string, number>>();
  /** Counts and cuts of rankings; a formation's entry is dropped when its scores change (any instance). */
  readonly summaries = new RankingSummaries();
  private readonly intervalMs: number;
  private readonly topN: number;
  private stopListening?: () => void;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly pubsub: PantauPubSub,
    private readonly options: LiveHubOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.topN = options.topN ?? 20;
  }

  /** Starts listening to score and survey events from every instance. */
  start(): this {
    const stops = [
      this.listen('scoresChanged', (e) => this.onScoresChanged(e)),
      this.listen('responsesArrived', (e) => this.onResponsesArrived(e)),
      this.listen('sessionStatusChanged', (e) => this.onSessionStatusChanged(e)),
    ];
    this.stopListening = () => stops.forEach((stop) => stop());
    return this;
  }

  private listen<K extends 'scoresChanged' | 'responsesArrived' | 'sessionStatusChanged'>(topic: K, handle: (event: PubSubTopics[K][0]) => void): () => void {
    const subscribe = this.pubsub.subscribe.bind(this.pubsub) as (t: K) => AsyncIterable<PubSubTopics[K][0]>;
    const iterator = subscribe(topic)[Symbol.asyncIterator]();
    let stopped = false;
    void (async () => {
      while (!stopped) {
        const { value, done } = await iterator.next();
        if (done) break;
        handle(value);
      }
    })();
    return () => {
      stopped = true;
      void iterator.return?.();
    };
  }

  /** Announces committed score changes to every instance (this one included). */
  publish(changed: ScoresChanged): void {
    // Drop local summaries now, so the caller's next query sees its own write; other instances
    // drop theirs when the event reaches them.
    for (const formationId of changed.formationIds) this.summaries.invalidate(formationId);
    this.pubsub.publish('scoresChanged', changed);
  }

  /**
   * Follows the event bus: while events from other instances cannot arrive, ranking summaries
   * are not cached; when they flow again, every topic with subscribers is recomputed from the
   * database and pushed as a fresh snapshot, so nothing missed in between stays missing.
   */
  busConnection(connected: boolean): void {
    this.summaries.setCaching(connected);
    if (!connected) return;
    for (const [formationId, topic] of this.rankings) this.schedule(topic, [], () => this.computeRanking(formationId, topic));
    for (const [code, topic] of this.feedback) this.schedule(topic, [], () => this.computeFeedback(code, topic));
    for (const [sessionId, topic] of this.sessions) {
      topic.resync = true;
      this.schedule(topic, [], () => this.computeSession(sessionId, topic, false));
    }
    for (const [siteId, topic] of this.sites) this.schedule(topic, [], () => this.computeSite(siteId, topic));
  }

  /** A session's state changed (closing also marks no-shows absent): its screens get a full snapshot, its site's screens the new list. */
  private onSessionStatusChanged(event: SessionStatusChanged) {
    const session = this.sessions.get(event.sessionId);
    if (session) {
      session.resync = true;
      this.schedule(session, [], () => this.computeSession(event.sessionId, session, false));
    }
    const site = this.sites.get(event.siteId);
    if (site) this.schedule(site, [], () => this.computeSite(event.siteId, site));
  }

  /** Announces a session scheduled, started or closed to every instance (this one included). */
  publishSessionStatus(changed: SessionStatusChanged): void {
    this.pubsub.publish('sessionStatusChanged', changed);
  }

  /** Announces committed survey responses to every instance (this one included). */
  publishResponses(arrived: ResponsesArrived): void {
    this.pubsub.publish('responsesArrived', arrived);
  }

  private onResponsesArrived(event: ResponsesArrived) {
    for (const code of event.regionCodes) {
      const topic = this.feedback.get(code);
      if (topic) this.schedule(topic, event.serviceUnitIds.map(String), () => this.computeFeedback(code, topic));
    }
  }

  private onScoresChanged(event: ScoresChanged) {
    for (const formationId of event.formationIds) {
      this.summaries.invalidate(formationId);
      const topic = this.rankings.get(formationId);
      if (topic) this.schedule(topic, event.participantNumbers, () => this.computeRanking(formationId, topic));
    }
    const session = this.sessions.get(event.sessionId);
    if (session) this.schedule(session, event.participantNumbers, () => this.computeSession(event.sessionId, session, false));
  }

  private schedule<T>(topic: Topic<T>, participants: string[], compute: () => Promise<void>) {
    for (const p of participants) topic.pending.add(p);
    if (!topic.subscribers.size) return;
    topic.since ??= Date.now();
    if (topic.cancel) return;
    const delay = Math.max(0, topic.lastRun + this.intervalMs - Date.now());
    topic.cancel = later(delay, () => {
      topic.cancel = undefined;
      topic.running = (topic.running ?? Promise.resolve())
        .then(compute)
        .catch((err) => log.error({ err }, 'live topic failed'))
        .then(() => {
          // Events that arrived while computing: go again after the interval.
          if (topic.pending.size) this.schedule(topic, [], compute);
        });
    });
  }

  private async computeRanking(formationId: number, topic: Topic<RankingUpdate>) {
    topic.lastRun = Date.now();
    const changedNumbers = [...topic.pending];
    topic.pending.clear();
    const since = this.takeSince(topic);
    topic.rules ??= (await formationRules(this.prisma, formationId)) ?? undefined;
    const fr = topic.rules;
    if (!fr) return;
    const [page, changedEntries] = await Promise.all([
      skdRankingPage(this.prisma, fr, { offset: 0, limit: this.topN }, this.summaries),
      skdEntriesOf(this.prisma, fr, changedNumbers.slice(0, 50), this.summaries),
    ]);
    this.options.onCompute?.(`ranking:${formationId}`);
    const previous = this.previousRanks.get(formationId) ?? new Map<string, number>();
    const withMovement = (e: RankingEntry): LiveRankingEntry => {
      const before = previous.get(e.participantNumber);
      return { ...e, movement: before === undefined ? null : before - e.rank };
    };
    const update: RankingUpdate = {
      formationId,
      sequence: (topic.last?.sequence ?? 0) + 1,
      updatedAt: new Date().toISOString(),
      totalCount: page.totalCount,
      cutRank: page.cutRank,
      top: page.entries.map(withMovement),
      changed: changedEntries.map(withMovement),
    };
    const ranks = new Map(previous);
    for (const e of [...page.entries, ...changedEntries]) ranks.set(e.participantNumber, e.rank);
    this.previousRanks.set(formationId, ranks);
    topic.last = update;
    this.push('ranking', topic, since, update);
  }

  private async computeSession(sessionId: number, topic: Topic<SessionScoresUpdate>, full: boolean) {
    topic.lastRun = Date.now();
    const snapshot = full || topic.resync === true;
    topic.resync = false;
    const only = snapshot ? undefined : [...topic.pending];
    topic.pending.clear();
    const since = this.takeSince(topic);
    const current = await sessionScores(this.prisma, sessionId, only);
    if (!current) return;
    this.options.onCompute?.(`session:${sessionId}`);
    const { status, stage, startedAt, closedAt, scores } = current;
    const previousAt = topic.last?.dataAt ?? null;
    const update: SessionScoresUpdate = {
      sessionId,
      sequence: (topic.last?.sequence ?? 0) + 1,
      updatedAt: new Date().toISOString(),
      status,
      stage,
      startedAt,
      closedAt,
      dataAt: previousAt && current.dataAt && previousAt > current.dataAt ? previousAt : (current.dataAt ?? previousAt),
      snapshot: !only,
      scores,
    };
    topic.last = snapshot ? update : topic.last ? mergeSession(topic.last, update) : update;
    this.push('session', topic, since, update);
  }

  private async computeSite(siteId: number, topic: Topic<SiteSessionsUpdate>) {
    topic.lastRun = Date.now();
    topic.pending.clear();
    const since = this.takeSince(topic);
    const rows = await this.prisma.examSession.findMany({
      where: { siteId },
      orderBy: [{ date: 'asc' }, { number: 'asc' }, { id: 'asc' }],
      select: { id: true, date: true, number: true, stage: true, status: true },
      take: 500,
    });
    this.options.onCompute?.(`site:${siteId}`);
    const sessions = rows.map((r) => ({ ...r, date: r.date.toISOString().slice(0, 10) }));
    const update: SiteSessionsUpdate = { siteId, sequence: (topic.last?.sequence ?? 0) + 1, updatedAt: new Date().toISOString(), sessions };
    topic.last = update;
    this.push('site', topic, since, update);
  }

  private async computeFeedback(regionCode: string, topic: Topic<FeedbackMetricsUpdate>) {
    topic.lastRun = Date.now();
    const changedUnitIds = [...topic.pending].map(Number);
    topic.pending.clear();
    const since = this.takeSince(topic);
    const satisfaction = await serviceSatisfaction(this.prisma, { regionCode });
    this.options.onCompute?.(`feedback:${regionCode}`);
    const update: FeedbackMetricsUpdate = { regionCode, sequence: (topic.last?.sequence ?? 0) + 1, updatedAt: new Date().toISOString(), changedUnitIds, satisfaction };
    topic.last = update;
    this.push('feedback', topic, since, update);
  }

  private takeSince<T>(topic: Topic<T>): number | undefined {
    const since = topic.since;
    topic.since = undefined;
    return since;
  }

  /** Pushes to every subscriber; a push that covers events (not a first snapshot) is reported to onPush. */
  private push<T>(kind: string, topic: Topic<T>, since: number | undefined, update: T) {
    if (since !== undefined) this.options.onPush?.(kind, since);
    for (const push of topic.subscribers) push(update);
  }

  private join<K, T>(topics: Map<K, Topic<T>>, key: K, snapshot: (topic: Topic<T>) => Promise<void>): AsyncIterableIterator<T> {
    let topic = topics.get(key);
    if (!topic) {
      topic = { subscribers: new Set(), pending: new Set(), lastRun: 0 };
      topics.set(key, topic);
    }
    const t = topic;
    const { push, iterator } = channel<T>(() => {
      t.subscribers.delete(push);
      if (!t.subscribers.size) {
        t.cancel?.();
        topics.delete(key);
      }
    });
    t.subscribers.add(push);
    if (t.last) push(t.last);
    else {
      // First subscriber of this topic: compute the snapshot once; later joiners reuse it.
      t.running ??= snapshot(t).catch((err) => log.error({ err }, 'live snapshot failed'));
    }
    return iterator;
  }

  /** A formation's ranking: the current snapshot first, then coalesced updates. */
  rankingUpdates(formationId: number): AsyncIterableIterator<RankingUpdate> {
    return this.join(this.rankings, formationId, (t) => this.computeRanking(formationId, t));
  }

  /** A session's live scores: every seat first, then the changed ones. */
  sessionScores(sessionId: number): AsyncIterableIterator<SessionScoresUpdate> {
    return this.join(this.sessions, sessionId, (t) => this.computeSession(sessionId, t, true));
  }

  /** A site's sessions: the current list first, then the list again whenever a session is scheduled, started or closed. */
  siteSessions(siteId: number): AsyncIterableIterator<SiteSessionsUpdate> {
    return this.join(this.sites, siteId, (t) => this.computeSite(siteId, t));
  }

  /** A region's satisfaction index and its units': the current figures first, then one push per interval while responses arrive. */
  feedbackMetrics(regionCode: string): AsyncIterableIterator<FeedbackMetricsUpdate> {
    return this.join(this.feedback, regionCode, (t) => this.computeFeedback(regionCode, t));
  }

  /** Ranks at the previous update, for `movement` in queries. */
  lastRanks(formationId: number): ReadonlyMap<string, number> | undefined {
    return this.previousRanks.get(formationId);
  }

  close(): void {
    this.stopListening?.();
    for (const topics of [this.rankings, this.sessions, this.feedback, this.sites] as Map<unknown, Topic<unknown>>[]) {
      for (const t of topics.values()) t.cancel?.();
      topics.clear();
    }
  }
}

/** The session snapshot kept for new subscribers: the old one with the changed seats replaced. */
function mergeSession(snapshot: SessionScoresUpdate, update: SessionScoresUpdate): SessionScoresUpdate {
  const byNumber = new Map(snapshot.scores.map((s) => [s.participantNumber, s]));
  for (const s of update.scores) byNumber.set(s.participantNumber, s);
  return { ...update, snapshot: true, scores: [...byNumber.values()] };
}

/** Runs `run` after `delay` ms, or on the next turn of the event loop when it is due now (a 0 ms timer waits at least 1 ms). */
function later(delay: number, run: () => void): () => void {
  if (delay > 0) {
    const timer = setTimeout(run, delay);
    return () => clearTimeout(timer);
  }
  const immediate = setImmediate(run);
  return () => clearImmediate(immediate);
}
