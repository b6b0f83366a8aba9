/**
 * The layering of Pantau, checked in CI (`pnpm lint:deps`). Zero exceptions: a rule that needs
 * one is a design question, not a config change.
 *
 *   domain/      pure rules: imports nothing of the project but domain/
 *   services     (everything under server/src but schema/, transport/, metrics/ and the composition
 *                files): never import schema/, transport/ or metrics/ (instrumentation at the edge)
 *   schema/      the Pothos layer: never imports transport/
 *   dashboard    imports only @pantau/schema of the workspace
 *   no cycles anywhere
 */
const SERVER = '^packages/server/src/';
// Composition: what starts servers or wires them (the seed's scenario is an API client that starts one in process).
const COMPOSITION = `${SERVER}(server|main|context)\\.ts$|${SERVER}cli/|${SERVER}seed/scenario\\.ts$`;

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds plain rules: no project module but domain/, no GraphQL, no Prisma.',
      severity: 'error',
      from: { path: `${SERVER}domain/` },
      to: { path: '^packages/', pathNot: `${SERVER}domain/` },
    },
    {
      name: 'domain-no-frameworks',
      severity: 'error',
      from: { path: `${SERVER}domain/` },
      to: { path: 'node_modules/(graphql|graphql-yoga|@pothos|@prisma|ioredis|ws)/' },
    },
    {
      name: 'services-below-schema',
      comment: 'Services commit, publish and throw plain errors; the GraphQL layer calls them, never the reverse.',
      severity: 'error',
      from: { path: SERVER, pathNot: [`${SERVER}(schema|transport|metrics)/`, COMPOSITION, '\\.test\\.ts$'] },
      to: { path: `${SERVER}(schema|transport|metrics)/` },
    },
    {
      name: 'services-no-graphql',
      comment: 'Below schema/ nothing builds GraphQL errors or types: errors are mapped once at the edge.',
      severity: 'error',
      from: { path: SERVER, pathNot: [`${SERVER}(schema|transport|metrics)/`, COMPOSITION, `${SERVER}generated/`, '\\.test\\.ts$'] },
      to: { path: 'node_modules/(graphql|graphql-yoga|@pothos)/' },
    },
    {
      name: 'schema-below-transport',
      severity: 'error',
      from: { path: `${SERVER}schema/` },
      to: { path: `${SERVER}transport/` },
    },
    {
      name: 'dashboard-only-the-contract',
      comment: 'The dashboard speaks to the server only through @pantau/schema.',
      severity: 'error',
      from: { path: '^packages/dashboard/' },
      to: { path: '^packages/server/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|generated)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
