/** A CAT centre client for fault tests: numbered result batches, sent concurrently, answers kept. */
import type { ExamWorld } from '../exam-fixture.js';

const SUBMIT = `mutation($s: ID!, $b: String!, $r: [ExamResultInput!]!) {
  submitExamResults(sessionId: $s, batchId: $b, results: $r) { batchId created unchanged corrected replayed }
}`;

export interface Answer {
  batchId: string;
  created: number;
  unchanged: number;
  corrected: number;
  replayed: boolean;
}

export interface Batch {
  s: string;
  b: string;
  r: Array<{ participantNumber: string; twk: number; tiu: number; tkp: number; finishedAt: string }>;
}

/** Batch `index` of `size` participants of the world, always the same content for the same index. */
export function resultBatch(world: ExamWorld, index: number, size: number, prefix: string): Batch {
  return {
    s: world.sessionGlobalId,
    b: `${prefix}-${index}`,
    r: world.participants.slice(index * size, (index + 1) * size).map((p, i) => {
      const n = index * size + i;
      return {
        participantNumber: p.participantNumber,
        twk: 60 + 5 * (n % 18),
        tiu: 70 + 5 * (n % 21),
        tkp: 150 + (n % 70),
        finishedAt: '2024-10-21T03:00:00.000Z',
      };
    }),
  };
}

/** The server's answer; throws when there is none (connection lost) or it is an error. */
export async function submitBatch(url: string, apiKey: string, batch: Batch): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query: SUBMIT, variables: batch }),
  });
  const body = (await res.json()) as { data?: { submitExamResults: Answer }; errors?: unknown[] };
  if (!body.data?.submitExamResults) throw new Error(JSON.stringify(body.errors));
  return body.data.submitExamResults;
}

/**
 * `concurrency` clients send batches 0..count-1 until `stopped()` or the server stops answering.
 * `acknowledged` fills as answers come (by index); a batch without an answer is not acknowledged.
 */
export function sendBatches(
  url: string,
  apiKey: string,
  { count, concurrency, batch, stopped }: { count: number; concurrency: number; batch: (index: number) => Batch; stopped: () => boolean },
): { acknowledged: Map<number, Answer>; done: Promise<void> } {
  const acknowledged = new Map<number, Answer>();
  let next = 0;
  const done = Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped() && next < count) {
        const index = next++;
        try {
          acknowledged.set(index, await submitBatch(url, apiKey, batch(index)));
        } catch {
          return;
        }
      }
    }),
  ).then(() => {});
  return { acknowledged, done };
}
