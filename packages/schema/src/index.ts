/**
 * @pantau/schema: Pantau's public GraphQL contract. Clients import typed documents and result
 * types from here, never from the server, so a schema change shows up as a type error in them.
 */
export type * from './generated/schema.ts';
export * from './generated/graphql.ts';
export * from './generated/persisted.ts';
