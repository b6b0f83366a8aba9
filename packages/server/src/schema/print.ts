import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.js';

/** The public contract as committed in packages/schema: sorted, so diffs show real changes only. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
