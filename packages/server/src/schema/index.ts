/** Gathers the domain modules into the one executable schema. */
import { auditMutations } from '../access/audit.js';
import { limitMutations } from '../access/rate-limit.js';
import { builder } from './builder.js';
import './viewer.js';
import './region.js';
import './formation.js';
import './heartbeat.js';
import './ledger.js';
import './exam.js';
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

/** The schema, with every mutation rate-limited (before anything else) and audited within its write (see src/access/). */
export const schema = limitMutations(auditMutations(builder.toSchema({ sortSchema: true })));
