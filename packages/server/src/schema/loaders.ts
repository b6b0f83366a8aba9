/**
 * Batched reads for fields that are not Prisma relations, one loader per request (kept on the
 * request's context object, gone with it): every formation of a list asks for its count, one
 * statement answers them all.
 */
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import { applicantCounts } from '../recruitment/applicant-counts.js';

interface Loaders {
  applicantCount: DataLoader<number, number>;
}

const byRequest = new WeakMap<Context, Loaders>();

/** The request's loaders, made on first use. */
export function loaders(ctx: Context): Loaders {
  let found = byRequest.get(ctx);
  if (!found) {
    found = {
      applicantCount: new DataLoader(async (ids) => {
        const counts = await applicantCounts(ctx.prisma, ids);
        return ids.map((id) => counts.get(id) ?? 0);
      }),
    };
    byRequest.set(ctx, found);
  }
  return found;
}
