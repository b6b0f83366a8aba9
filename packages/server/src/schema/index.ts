/** Gathers the domain modules into the one executable schema. */
import { builder } from './builder.js';
import './viewer.js';
import './region.js';
import './formation.js';
import './heartbeat.js';
import './exam.js';
import './quality.js';
import './workforce.js';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = builder.toSchema({ sortSchema: true });
