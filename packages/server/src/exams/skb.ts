/**
 * SKB results from SKB sessions: the components the rule set weighs (CAT SKB, and any extra test
 * an agency adds), turned into the 0-100 SKB score by the domain's skbScore. They go through the
 * one ingestion pipeline (ingestion.ts) with every guarantee SKD results have.
 */
import type { PrismaClient } from '../generated/prisma/client.js';
import { skbScore } from '../domain/scoring.js';
import { canonicalJson } from './canonical.js';
import { IngestionError } from './errors.js';
import { ingestFinalResults, type FinalResultInput, type ResultStage, type SubmitResultsAnswer } from './ingestion.js';
import type { Publisher } from '../events/publisher.js';
import type { ScoresChanged } from '../events/topics.js';

export interface SkbResultInput extends FinalResultInput {
  /** Component name (as in the rule set's skb.components) to its 0-100 score. */
  components: Record<string, number>;
}

interface SkbScore {
  skb: number;
  components: Record<string, number>;
}

/** SKB: the components weighed by the year's rule set into one score; stored in SkbResult. */
export const SKB_RESULTS: ResultStage<SkbResultInput, SkbScore> = {
  stage: 'SKB',
  kind: 'SKB_RESULTS',
  table: 'SkbResult',
  score(rules, r, field) {
    try {
      return { skb: skbScore(rules, r.components), components: r.components };
    } catch (err) {
      const component = Object.keys(rules.skb.components)
        .concat(Object.keys(r.components))
        .find((c) => (err as Error).message.includes(`component ${c} `));
      throw new IngestionError('INVALID_SCORE', (err as Error).message, `${field}.components${component ? `.${component}` : ''}`);
    }
  },
  async finals(tx, applicationIds) {
    const rows = await tx.skbResult.findMany({
      where: { applicationId: { in: applicationIds } },
      select: { id: true, applicationId: true, version: true, score: true, components: true },
    });
    return rows.map((r) => ({
      id: r.id,
      applicationId: r.applicationId,
      version: r.version,
      score: { skb: r.score, components: r.components as Record<string, number> },
    }));
  },
  // The components are what was sent; the score follows from them and the rules.
  same: (a, b) => canonicalJson(a.components) === canonicalJson(b.components),
  describe: (s) => `SKB ${s.skb}`,
  columns: (rows) => [
    { name: 'components', type: 'text', values: rows.map((r) => JSON.stringify(r.score.components)), cast: 'jsonb' },
    { name: 'score', type: 'double precision', values: rows.map((r) => r.score.skb) },
  ],
  correctionOf: (skbResultId) => ({ skbResultId }),
};

/** SKB results of a batch of participants of an SKB session (see ingestFinalResults). */
export function submitSkbResults(
  prisma: PrismaClient,
  events: Publisher,
  input: { sessionId: number; batchId: string; results: SkbResultInput[] },
): Promise<{ answer: SubmitResultsAnswer; changed: ScoresChanged | null }> {
  return ingestFinalResults(prisma, events, SKB_RESULTS, input);
}
