/** Score ingestion from the CAT centre: final SKD and SKB results in idempotent batches, and running progress. */
import { IngestionError } from '../exams/errors.js';
import { reportExamProgress, submitExamResults } from '../exams/ingestion.js';
import { submitSkbResults } from '../exams/skb.js';
import { access } from '../access/matrix.js';
import { builder } from './builder.js';
import { ExamSessionRef } from './exam-sessions.js';

const ExamResultInput = builder.inputType('ExamResultInput', {
  description: "Hasil SKD: one participant's final TWK/TIU/TKP.",
  fields: (t) => ({
    participantNumber: t.string({ description: 'Nomor peserta, seated in this session.', required: true }),
    twk: t.int({ description: 'Nilai TWK.', required: true }),
    tiu: t.int({ description: 'Nilai TIU.', required: true }),
    tkp: t.int({ description: 'Nilai TKP.', required: true }),
    finishedAt: t.field({ description: 'When the participant finished.', type: 'DateTime', required: true }),
    correctionReason: t.string({ description: 'Set only to correct an already-final score; the correction is recorded.' }),
  }),
});

const SkbComponentInput = builder.inputType('SkbComponentInput', {
  description: "One weighed part of the SKB (as named in the selection year's rule set, e.g. CAT), scored 0-100.",
  fields: (t) => ({
    name: t.string({ description: `Nama komponen: one of the rule set's SKB components, e.g. "CAT".`, required: true }),
    score: t.float({ description: 'Nilai komponen, 0-100.', required: true }),
  }),
});

const SkbResultInput = builder.inputType('SkbResultInput', {
  description: "Hasil SKB: one participant's SKB components.",
  fields: (t) => ({
    participantNumber: t.string({ description: 'Nomor peserta, seated in this SKB session.', required: true }),
    components: t.field({ description: 'Every component of the rule set, once each.', type: [SkbComponentInput], required: true }),
    finishedAt: t.field({ description: 'When the participant finished.', type: 'DateTime', required: true }),
    correctionReason: t.string({ description: 'Set only to correct an SKB result already recorded.' }),
  }),
});

const ExamProgressInput = builder.inputType('ExamProgressInput', {
  description: "Nilai sementara: a participant's running partial scores.",
  fields: (t) => ({
    participantNumber: t.string({ description: 'Nomor peserta, seated in this session.', required: true }),
    twk: t.int({ description: 'TWK so far, if it moved.' }),
    tiu: t.int({ description: 'TIU so far, if it moved.' }),
    tkp: t.int({ description: 'TKP so far, if it moved.' }),
  }),
});

const SubmitExamResultsPayload = builder
  .objectRef<{ batchId: string; created: number; unchanged: number; corrected: number; replayed: boolean }>('SubmitExamResultsPayload')
  .implement({
    description: 'What a result batch did (or, replayed, did the first time).',
    authScopes: { public: true },
    fields: (t) => ({
      batchId: t.exposeString('batchId', { description: "The batch's id, as sent." }),
      created: t.exposeInt('created', { description: 'Results recorded for the first time.' }),
      unchanged: t.exposeInt('unchanged', { description: 'Results equal to what was already recorded.' }),
      corrected: t.exposeInt('corrected', { description: 'Final results corrected (with the reason, kept as history).' }),
      replayed: t.exposeBoolean('replayed', { description: 'True when this batch was committed before: nothing was written now.' }),
    }),
  });

const ExamProgressPayload = builder.objectRef<{ accepted: number; ignored: number }>('ExamProgressPayload').implement({
  description: 'What a progress report did.',
  authScopes: { public: true },
  fields: (t) => ({
    accepted: t.exposeInt('accepted', { description: 'Updates applied.' }),
    ignored: t.exposeInt('ignored', { description: 'Updates for participants whose final result is already in.' }),
  }),
});

builder.mutationFields((t) => ({
  submitExamResults: t.field({
    type: SubmitExamResultsPayload,
    description: 'Final TWK/TIU/TKP of a batch. All or nothing; replaying a batchId returns its first answer.',
    authScopes: access('Mutation', 'submitExamResults'),
    args: {
      sessionId: t.arg.globalID({ description: 'Global ID of the running SKD session.', for: [ExamSessionRef], required: true }),
      batchId: t.arg.string({
        description: 'Your id for this batch (1-100 letters, digits, . : - _): the same id again replays the first answer.',
        required: true,
      }),
      results: t.arg({ description: 'The results, at most 500.', type: [ExamResultInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { answer } = await submitExamResults(ctx.prisma, ctx.events, {
        sessionId: Number(args.sessionId.id),
        batchId: args.batchId,
        results: args.results,
      });
      return answer;
    },
  }),
  submitSkbResults: t.field({
    type: SubmitExamResultsPayload,
    description: 'SKB results of an SKB session; same guarantees as submitExamResults. They make the FINAL ranking.',
    authScopes: access('Mutation', 'submitSkbResults'),
    args: {
      sessionId: t.arg.globalID({ description: 'Global ID of the running SKB session.', for: [ExamSessionRef], required: true }),
      batchId: t.arg.string({ description: 'Your id for this batch: the same id again replays the first answer.', required: true }),
      results: t.arg({ description: 'The results, at most 500.', type: [SkbResultInput], required: true }),
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
      sessionId: t.arg.globalID({ description: 'Global ID of the running session.', for: [ExamSessionRef], required: true }),
      updates: t.arg({ description: 'The running scores, at most 500.', type: [ExamProgressInput], required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const { accepted, ignored } = await reportExamProgress(ctx.prisma, ctx.events, { sessionId: Number(args.sessionId.id), updates: args.updates });
      return { accepted, ignored };
    },
  }),
}));
