/**
 * The contract describes itself: every public type, field, argument, enum value and input field
 * of the schema carries a description (the Indonesian domain term where there is one, and a plain
 * English sentence), so GraphiQL, the printed SDL and generated clients explain it to partners.
 */
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isSpecifiedScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './index.js';

/**
 * Every schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) without a
 * description; the root types themselves and GraphQL's own types and scalars are left out.
 */
function undescribed(): string[] {
  const missing: string[] = [];
  const needs = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    const isRoot = type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType();
    if (!isRoot) needs(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        needs(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) needs(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) needs(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) needs(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing;
}

describe('the contract describes itself', () => {
  it('every type, field, argument, enum value and input field has a description', () => {
    expect(undescribed()).toEqual([]);
  });
});
