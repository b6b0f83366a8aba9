import { builder } from './builder.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'What a caller may see and do. Without credentials a caller is PUBLIC.',
  values: ['PUBLIC', 'APPLICANT', 'PARTNER', 'VERIFIER', 'OFFICIAL', 'ADMIN'] as const,
});

const ViewerRef = builder.objectRef<{ role: string }>('Viewer').implement({
  description: 'The caller of this request.',
  authScopes: { public: true },
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (v) => v.role as never }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: ViewerRef, authScopes: { public: true }, resolve: (_root, _args, ctx) => ctx.viewer }),
);
