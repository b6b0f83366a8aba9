/** Gathers the domain modules into the one executable schema. */
import { isObjectType } from 'graphql';
import { builder } from './builder.js';
import { auditMutations, limitMutations } from './mutation-guards.js';
import './viewer.js';
import './region.js';
import './formation.js';
import './heartbeat.js';
import './ledger.js';
import './exam-sessions.js';
import './exam-cards.js';
import './ranking.js';
import './ingestion.js';
import './exam-live.js';
import './needs.js';
import './applications.js';
import './announcements.js';
import './kpis.js';
import './access.js';
import './quality.js';
import './workforce.js';
import './reference.js';
import './api-keys.js';
import './targets.js';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

const built = builder.toSchema({ sortSchema: true });
// @pothos/plugin-prisma adds each connection's totalCount field with no option to describe it.
for (const type of Object.values(built.getTypeMap())) {
  if (!isObjectType(type)) continue;
  for (const field of Object.values(type.getFields())) {
    if (field.extensions?.pothosPrismaTotalCount && !field.description) field.description = 'How many items the query matches in all, across every page.';
  }
}

/** The schema, with every mutation rate-limited (before anything else) and audited within its write (see mutation-guards.ts). */
export const schema = limitMutations(auditMutations(built));
