import { builder } from './builder.js';

const HeartbeatRef = builder.objectRef<{ instance: string; sequence: number; at: string }>('Heartbeat').implement({
  description: "A server instance's periodic beat; proves live transports and cross-instance delivery.",
  authScopes: { public: true },
  fields: (t) => ({
    instance: t.exposeString('instance', { description: 'The name of the instance that beat (PANTAU_INSTANCE_ID).' }),
    sequence: t.exposeInt('sequence', { description: "Counts this instance's beats from 1 since it started; a gap means beats were lost." }),
    at: t.field({ description: 'When the instance beat.', type: 'DateTime', resolve: (b) => b.at }),
  }),
});

builder.subscriptionField('heartbeat', (t) =>
  t.field({
    type: HeartbeatRef,
    description: 'Beats of every server instance sharing this event bus.',
    authScopes: { public: true },
    subscribe: (_root, _args, ctx) => ctx.bus.subscribe('heartbeat'),
    resolve: (beat) => beat,
  }),
);
