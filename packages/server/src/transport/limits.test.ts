import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { jsonSizeOver, useExecutionTimeout } from './limits.js';

describe('the answer size limit', () => {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { text(n: Int!): String! texts(n: Int!, each: Int!): [String!]! }',
      resolvers: {
        Query: {
          text: (_: unknown, { n }: { n: number }) => 'x'.repeat(n),
          texts: (_: unknown, { n, each }: { n: number; each: number }) => Array.from({ length: n }, () => 'y'.repeat(each)),
        },
      },
    }),
    plugins: [useExecutionTimeout(5_000, 10_000)],
    logging: false,
  });
  const ask = async (query: string) =>
    (await (
      await yoga.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    ).json()) as { data?: unknown; errors?: Array<{ extensions: { code: string } }> };

  it('refuses an answer over the limit with its own code, and passes one under it', async () => {
    expect((await ask('{ text(n: 9000) }')).data).toEqual({ text: 'x'.repeat(9000) });
    const big = await ask('{ text(n: 11000) }');
    expect(big.data).toBeUndefined();
    expect(big.errors?.[0]?.extensions.code).toBe('RESPONSE_TOO_LARGE');
    expect((await ask('{ texts(n: 2000, each: 5) }')).errors?.[0]?.extensions.code).toBe('RESPONSE_TOO_LARGE');
  });

  it('estimates the size of JSON within a few percent and stops counting past the limit', () => {
    const value = {
      a: [
        { name: 'Kota Bengkulu', code: '17.71', n: 12345 },
        { name: null, at: new Date(0) },
      ],
      b: 'x'.repeat(1000),
    };
    const exact = JSON.stringify(value).length;
    expect(Math.abs(jsonSizeOver(value, 1e9) - exact) / exact).toBeLessThan(0.05);
    expect(jsonSizeOver(value, 100)).toBe(Infinity);
  });
});
