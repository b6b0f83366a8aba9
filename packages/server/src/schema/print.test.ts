import fs from 'node:fs';
import { isObjectType, isInterfaceType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchemaPath } from '../paths.js';
import { schema } from './index.js';
import { printedSchema } from './print.js';

describe('the public contract', () => {
  it('packages/schema/schema.graphql is what the builder prints (run `pnpm schema:print` after a change)', () => {
    expect(fs.readFileSync(printedSchemaPath, 'utf8')).toBe(printedSchema());
  });

  it('every object type and root field states who may read it', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type) || isInterfaceType(type)) continue;
      const isRoot = ['Query', 'Mutation', 'Subscription'].includes(type.name);
      // Connection and edge wrappers and PageInfo inherit from the field that returns them.
      if (/Connection$|Edge$|^PageInfo$/.test(type.name)) continue;
      const options = type.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
      if (!isRoot && !options?.authScopes) missing.push(type.name);
      if (isRoot) {
        for (const field of Object.values(type.getFields())) {
          const fieldOptions = field.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
          if (!fieldOptions?.authScopes) missing.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
