/**
 * urql's normalised cache. RecruitmentKpis is keyed by its `id` (region code and year), so a
 * `kpisUpdated` push updates every query showing that region; live pushes and page rows without
 * an identity of their own are embedded in their parent.
 */
import { cacheExchange } from '@urql/exchange-graphcache';

const embedded = () => null;

/** A cache per client: tests and pages never share one by accident. */
export const pantauCache = () =>
  cacheExchange({
    keys: {
      FunnelCount: embedded,
      StageKpi: embedded,
      FormationKpi: embedded,
      GenderCount: embedded,
      EducationLevelCount: embedded,
      DisabilityCount: embedded,
      OriginCount: embedded,
      RankingUpdate: embedded,
      RankingEntry: embedded,
      RankingConnection: embedded,
      RankingEdge: embedded,
      SessionScoresUpdate: embedded,
      SessionScore: embedded,
      Threshold: embedded,
      SiteSessionsUpdate: embedded,
      FormationConnection: embedded,
      FormationEdge: embedded,
      PageInfo: embedded,
      Heartbeat: embedded,
      JobNeed: embedded,
      ServiceSatisfaction: embedded,
      SatisfactionIndex: embedded,
      ElementAverage: embedded,
      ComplaintMetrics: embedded,
      UnitSatisfaction: embedded,
      RegionSatisfaction: embedded,
      SatisfactionTrendPoint: embedded,
      AspirationSummary: embedded,
      AspirationCategoryCount: embedded,
      AspirationUnitCount: embedded,
      AnnouncementConnection: embedded,
      AnnouncementEdge: embedded,
      AnnouncementEntry: embedded,
      AnnouncementEntriesConnection: embedded,
      AnnouncementEntriesConnectionEdge: embedded,
      RegionFigureTrend: embedded,
      RegionTrendPoint: embedded,
      Session: embedded,
    },
  });
