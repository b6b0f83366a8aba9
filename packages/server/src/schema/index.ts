/** Gathers the domain modules into the one executable schema. */
import { builder } from './builder.js';
import './viewer.js';
import './region.js';
import './formation.js';
import './heartbeat.js';

builder.queryType({});
builder.subscriptionType({});

export const schema = builder.toSchema({ sortSchema: true });
