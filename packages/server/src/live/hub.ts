/**
 * Live exam and feedback topics: a formation's ranking (with each entry's movement), a session's
 * scores, a site's sessions and a region's satisfaction. What is computed and which bus events
 * mark which topics are here; the coalescing, snapshots and fan-out are the engine's (engine.ts).
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { formationRules, RankingSummaries, skdEntriesOf, skdRankingPage, type FormationRules, type RankingEntry } from '../exams/ranking.js';
import { sessionScores, type SessionScore } from '../exams/session-scores.js';
import { serviceSatisfaction, type ServiceSatisfaction } from '../quality/satisfaction.js';
import type { EventBus } from '../events/bus.js';
import type { ResponsesArrived, ScoresChanged, SessionStatusChanged } from '../events/topics.js';
import { follow, LiveTopics, type LiveTopicHooks, type TopicPass } from './engine.js';

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

export interface LiveHubOptions extends LiveTopicHooks {
  /** Entries of the ranking's top carried in every push. */
  topN?: number;
}

export class LiveHub {
  private readonly rankings: LiveTopics<number, RankingUpdate, string>;
  private readonly sessions: LiveTopics<number, SessionScoresUpdate, string>;
  private readonly feedback: LiveTopics<string, FeedbackMetricsUpdate, number>;
  private readonly sites: LiveTopics<number, SiteSessionsUpdate>;
  private readonly previousRanks = new Map<number, Map<string, number>>();
  /** Formation rules of watched rankings: a formation's type, quota and year never change once it exists. */
  private readonly rules = new Map<number, FormationRules>();
  /** Counts and cuts of rankings; a formation's entry is dropped when its scores change (any instance). */
  readonly summaries = new RankingSummaries();
  private readonly topN: number;
  private stopListening?: () => void;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly bus: EventBus,
    options: LiveHubOptions = {},
  ) {
    this.topN = options.topN ?? 20;
    this.rankings = new LiveTopics({ ...options, name: 'ranking', compute: (pass) => this.computeRanking(pass) });
    this.sessions = new LiveTopics({ ...options, name: 'session', compute: (pass) => this.computeSession(pass), retain: mergeSession });
    this.feedback = new LiveTopics({ ...options, name: 'feedback', compute: (pass) => this.computeFeedback(pass) });
    this.sites = new LiveTopics({ ...options, name: 'site', compute: (pass) => this.computeSite(pass) });
  }

  /** Starts listening to score and survey events from every instance. */
  start(): this {
    const stops = [
      follow(this.bus.subscribe('scoresChanged'), (e) => this.onScoresChanged(e)),
      follow(this.bus.subscribe('responsesArrived'), (e) => this.onResponsesArrived(e)),
      follow(this.bus.subscribe('sessionStatusChanged'), (e) => this.onSessionStatusChanged(e)),
    ];
    this.stopListening = () => {
      for (const stop of stops) stop();
    };
    return this;
  }

  /**
   * Follows the event bus: while events from other instances cannot arrive, ranking summaries
   * are not cached; when they flow again, every topic with subscribers is recomputed from the
   * database and pushed as a fresh snapshot, so nothing missed in between stays missing.
   */
  busConnection(connected: boolean): void {
    this.summaries.setCaching(connected);
    if (!connected) return;
    for (const topics of [this.rankings, this.sessions, this.feedback, this.sites]) topics.markEach(undefined, { snapshot: true });
  }

  /** A session's state changed (closing also marks no-shows absent): its screens get a full snapshot, its site's screens the new list. */
  private onSessionStatusChanged(event: SessionStatusChanged) {
    this.sessions.mark(event.sessionId, [], { snapshot: true });
    this.sites.mark(event.siteId);
  }

  private onResponsesArrived(event: ResponsesArrived) {
    for (const code of event.regionCodes) this.feedback.mark(code, event.serviceUnitIds);
  }

  private onScoresChanged(event: ScoresChanged) {
    for (const formationId of event.formationIds) {
      this.summaries.invalidate(formationId);
      this.rankings.mark(formationId, event.participantNumbers);
    }
    this.sessions.mark(event.sessionId, event.participantNumbers);
  }

  private async computeRanking({ key: formationId, marks, sequence }: TopicPass<number, RankingUpdate, string>): Promise<RankingUpdate | undefined> {
    let fr = this.rules.get(formationId);
    if (!fr) {
      fr = (await formationRules(this.prisma, formationId)) ?? undefined;
      if (!fr) return undefined;
      this.rules.set(formationId, fr);
    }
    const [page, changedEntries] = await Promise.all([
      skdRankingPage(this.prisma, fr, { offset: 0, limit: this.topN }, this.summaries),
      skdEntriesOf(this.prisma, fr, marks.slice(0, 50), this.summaries),
    ]);
    const previous = this.previousRanks.get(formationId) ?? new Map<string, number>();
    const withMovement = (e: RankingEntry): LiveRankingEntry => {
      const before = previous.get(e.participantNumber);
      return { ...e, movement: before === undefined ? null : before - e.rank };
    };
    const ranks = new Map(previous);
    for (const e of [...page.entries, ...changedEntries]) ranks.set(e.participantNumber, e.rank);
    this.previousRanks.set(formationId, ranks);
    return {
      formationId,
      sequence,
      updatedAt: new Date().toISOString(),
      totalCount: page.totalCount,
      cutRank: page.cutRank,
      top: page.entries.map(withMovement),
      changed: changedEntries.map(withMovement),
    };
  }

  private async computeSession({
    key: sessionId,
    marks,
    snapshot,
    last,
    sequence,
  }: TopicPass<number, SessionScoresUpdate, string>): Promise<SessionScoresUpdate | undefined> {
    const only = snapshot ? undefined : marks;
    const current = await sessionScores(this.prisma, sessionId, only);
    if (!current) return undefined;
    const { status, stage, startedAt, closedAt, scores } = current;
    const previousAt = last?.dataAt ?? null;
    return {
      sessionId,
      sequence,
      updatedAt: new Date().toISOString(),
      status,
      stage,
      startedAt,
      closedAt,
      dataAt: previousAt && current.dataAt && previousAt > current.dataAt ? previousAt : (current.dataAt ?? previousAt),
      snapshot: !only,
      scores,
    };
  }

  private async computeSite({ key: siteId, sequence }: TopicPass<number, SiteSessionsUpdate, never>): Promise<SiteSessionsUpdate> {
    const rows = await this.prisma.examSession.findMany({
      where: { siteId },
      orderBy: [{ date: 'asc' }, { number: 'asc' }, { id: 'asc' }],
      select: { id: true, date: true, number: true, stage: true, status: true },
      take: 500,
    });
    const sessions = rows.map((r) => ({ ...r, date: r.date.toISOString().slice(0, 10) }));
    return { siteId, sequence, updatedAt: new Date().toISOString(), sessions };
  }

  private async computeFeedback({ key: regionCode, marks, sequence }: TopicPass<string, FeedbackMetricsUpdate, number>): Promise<FeedbackMetricsUpdate> {
    const satisfaction = await serviceSatisfaction(this.prisma, { regionCode });
    return { regionCode, sequence, updatedAt: new Date().toISOString(), changedUnitIds: marks, satisfaction };
  }

  /** A formation's ranking: the current snapshot first, then coalesced updates. */
  rankingUpdates(formationId: number): AsyncIterableIterator<RankingUpdate> {
    return this.rankings.subscribe(formationId);
  }

  /** A session's live scores: every seat first, then the changed ones. */
  sessionScores(sessionId: number): AsyncIterableIterator<SessionScoresUpdate> {
    return this.sessions.subscribe(sessionId);
  }

  /** A site's sessions: the current list first, then the list again whenever a session is scheduled, started or closed. */
  siteSessions(siteId: number): AsyncIterableIterator<SiteSessionsUpdate> {
    return this.sites.subscribe(siteId);
  }

  /** A region's satisfaction index and its units': the current figures first, then one push per interval while responses arrive. */
  feedbackMetrics(regionCode: string): AsyncIterableIterator<FeedbackMetricsUpdate> {
    return this.feedback.subscribe(regionCode);
  }

  /** Ranks at the previous update, for `movement` in queries. */
  lastRanks(formationId: number): ReadonlyMap<string, number> | undefined {
    return this.previousRanks.get(formationId);
  }

  close(): void {
    this.stopListening?.();
    for (const topics of [this.rankings, this.sessions, this.feedback, this.sites]) topics.close();
  }
}

/** The session snapshot kept for new subscribers: the old one with the changed seats replaced. */
function mergeSession(snapshot: SessionScoresUpdate | undefined, update: SessionScoresUpdate): SessionScoresUpdate {
  if (update.snapshot || !snapshot) return update;
  const byNumber = new Map(snapshot.scores.map((s) => [s.participantNumber, s]));
  for (const s of update.scores) byNumber.set(s.participantNumber, s);
  return { ...update, snapshot: true, scores: [...byNumber.values()] };
}
