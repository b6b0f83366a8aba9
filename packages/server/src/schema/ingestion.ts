/** Score ingestion from the CAT centre: final SKD and SKB results in idempotent batches, and running progress. */
import { IngestionError } from '../exams/errors.js';
import { reportExamProgress, submitExamResults } from '../exams/ingestion.js';
import { submitSkbResults } from '../exams/skb.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { ExamSessionRef } from './exam-sessions.js';

const ExamResultInput = builder.inputType('ExamResultInput', {
  fields: (t) => ({
    participantNumber: t.string({ required: true }),
    twk: t.int({ required: true }),
    tiu: t.int({ required: true }),
    tkp: t.int({ required: true }),
    finishedAt: t.field({ type: 'DateTime', required: true }),
    correctionReason: t.string({ description: 'Set only to correct an already-final score; the correction is recorded.' }),
  }),
});

const SkbComponentInput = builder.inputType('SkbComponentInput', {
  description: "One weighed part of the SKB (as named in the selection year's rule set, e.g. CAT), scored 0-100.",
  fields: (t) => ({
    name: t.string({ required: true }),
    score: t.float({ required: true }),
  }),
});

const SkbResultInput = builder.inputType('SkbResultInput', {
  fields: (t) => ({
    participantNumber: t.string({ required: true }),
    components: t.field({ type: [SkbComponentInput], required: true }),
    finishedAt: t.field({ type: 'DateTime', required: true }),
    correctionReason: t.string({ description: 'Set only to correct an SKB result already recorded.' }),
  }),
});

const ExamProgressInput = builder.inputType('ExamProgressInput', {
  fields: (t) => ({
    participantNumber: t.string({ required: true }),
    twk: t.int(),
    tiu: t.int(),
    tkp: t.int(),
  }),
});

const SubmitExamResultsPayload = builder.objectRef<{ batchId: string; created: number; unchanged: number; corrected: number; replayed: boolean }>('SubmitExamResultsPayload').implement({
  authScopes: { public: true },
  fields: (t) => ({
    batchId: t.exposeString('batchId'),
    created: t.exposeInt('created'),
    unchanged: t.exposeInt('unchanged'),
    corrected: t.exposeInt('corrected'),
    replayed: t.exposeBoolean('replayed', { description: 'True when this batch was committed before: nothing was written now.' }),
  }),
});

const ExamProgressPayload = builder.objectRef<{ accepted: number; ignored: number }>('ExamProgressPayload').implement({
  authScopes: { public: true },
  fields: (t) => ({
    accepted: t.exposeInt('accepted'),
    ignored: t.exposeInt('ignored', { description: 'Updates for participants whose final result is already in.' }),
  }),
});

builder.mutationFields((t) => ({
  submitExamResults: t.field({
    type: SubmitExamResultsPayload,
    description: 'Final TWK/TIU/TKP of a batch. All or nothing; replaying a batchId returns its first answer.',
    authScopes: access('Mutation', 'submitExamResults'),
    args: {
      sessionId: t.arg.globalID({ for: [ExamSessionRef], required: true }),
      batchId: t.arg.string({ required: true }),
      results: t.arg({ type: [ExamResultInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { answer } = await submitExamResults(ctx.prisma, ctx.events, { sessionId: Number(args.sessionId.id), batchId: args.batchId, results: args.results });
      return answer;
    },
  }),
  submitSkbResults: t.field({
    type: SubmitExamResultsPayload,
    description: 'SKB results of an SKB session; same guarantees as submitExamResults. They make the FINAL ranking.',
    authScopes: access('Mutation', 'submitSkbResults'),
    args: {
      sessionId: t.arg.globalID({ for: [ExamSessionRef], required: true }),
      batchId: t.arg.string({ required: true }),
      results: t.arg({ type: [SkbResultInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const results = args.results.map((r, i) => {
        const components: Record<string, number> = {};
        for (const c of r.components) {
          if (c.name in components) throw new IngestionError('INVALID_SCORE', `Component ${c.name} appears twice`, `results[${i}].components`);
          components[c.name] = c.score;
        }
        return { participantNumber: r.participantNumber, components, finishedAt: r.finishedAt, correctionReason: r.correctionReason };
      });
      const { answer } = await submitSkbResults(ctx.prisma, ctx.events, { sessionId: Number(args.sessionId.id), batchId: args.batchId, results });
      return answer;
    },
  }),
  reportExamProgress: t.field({
    type: ExamProgressPayload,
    description: 'Running partial scores while participants answer; never lowers what was shown.',
    authScopes: access('Mutation', 'reportExamProgress'),
    args: {
      sessionId: t.arg.globalID({ for: [ExamSessionRef], required: true }),
      updates: t.arg({ type: [ExamProgressInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { accepted, ignored } = await reportExamProgress(ctx.prisma, ctx.events, { sessionId: Number(args.sessionId.id), updates: args.updates });
      return { accepted, ignored };
    },
  }),
}));
