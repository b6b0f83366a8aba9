/**
 * The cost of an operation with its variables: what it may ask of the database and of the
 * serializer, counted before anything runs. graphql-armor's rule saw only the document, so a
 * `first: $n` or an `ids: $ids` list cost 1 whatever the variables held; here a page size or a
 * list from a variable counts like a literal, and every list argument has a maximum.
 *
 * The formula is graphql-armor's (so the numbers in docs/limits.md's table keep their meaning):
 * a scalar costs 1, an object 2 plus 1.5 x its selections, and a field's cost is multiplied by its
 * page size (`first`/`last`, or the connection's default when neither is given) or by the length
 * of a list argument (`nodes(ids:)`). A fragment is not a level: it costs what its selections
 * cost where it is spread, computed once per fragment, so a fragment bomb is priced in linear time.
 */
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface CostOptions {
  objectCost: number;
  scalarCost: number;
  depthCostFactor: number;
  /** Items a connection returns when neither `first` nor `last` is given. */
  defaultPageSize: number;
  /** Items any list argument may hold, unless `listMaximums` says otherwise. */
  maxListItems: number;
  /** Per argument (`Type.field.argument`): the most items it takes. */
  listMaximums: Readonly<Record<string, number>>;
}

/** A list argument over its maximum: which one, how long, and the maximum. */
export interface ListOverflow {
  coordinate: string;
  argument: string;
  length: number;
  max: number;
}

export type CostResult = { cost: number; overflow?: undefined } | { cost?: undefined; overflow: ListOverflow };

const isList = (type: GraphQLInputType) => isListType(isNonNullType(type) ? type.ofType : type);

/** The operation `operationName` selects in `document` (the only one when unnamed). */
function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/** The cost of the operation of `document` with `variables`, or the list argument over its maximum. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  options: CostOptions,
): CostResult {
  const operation = operationOf(document, operationName);
  if (!operation) return { cost: 0 };
  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);

  /** A number or a list length from a literal or a variable (its default when absent). */
  const size = (node: ValueNode): number | null => {
    if (node.kind === Kind.VARIABLE) {
      const value = variables?.[node.name.value];
      if (value === undefined) {
        const fallback = defaults.get(node.name.value);
        return fallback ? size(fallback) : null;
      }
      if (Array.isArray(value)) return value.length;
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    if (node.kind === Kind.LIST) return node.values.length;
    if (node.kind === Kind.INT) return Number.parseInt(node.value, 10);
    return null;
  };

  let overflow: ListOverflow | undefined;
  const fragmentCosts = new Map<string, number>();

  /** How many times a field's selections are answered: its page size or its list argument's length. */
  const multiplier = (
    parent: GraphQLNamedType,
    field: GraphQLField<unknown, unknown>,
    args: readonly { name: { value: string }; value: ValueNode }[],
  ): number => {
    let times = 1;
    let paged = false;
    for (const arg of args) {
      const def = field.args.find((a) => a.name === arg.name.value);
      if (!def) continue;
      const n = size(arg.value);
      if (arg.name.value === 'first' || arg.name.value === 'last') {
        // A variable left out means the default page, as it does when the argument is.
        if (n !== null) {
          paged = true;
          times = Math.max(times, n);
        }
      } else if (isList(def.type) && n !== null) {
        const coordinate = `${parent.name}.${field.name}.${def.name}`;
        const max = options.listMaximums[coordinate] ?? options.maxListItems;
        if (n > max) overflow ??= { coordinate, argument: def.name, length: n, max };
        times = Math.max(times, n);
      }
    }
    const pageable = field.args.some((a) => a.name === 'first');
    return pageable && !paged && /Connection$/.test(getNamedType(field.type).name) ? Math.max(times, options.defaultPageSize) : times;
  };

  const selectionCost = (parent: GraphQLNamedType, set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? parent) : parent;
        total += selectionCost(type, selection.selectionSet);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        let cost = fragmentCosts.get(name);
        if (cost === undefined) {
          fragmentCosts.set(name, 0); // a cycle (refused by validation anyway) costs nothing more
          const fragment = fragments.get(name);
          cost = fragment ? selectionCost(schema.getType(fragment.typeCondition.name.value) ?? parent, fragment.selectionSet) : 0;
          fragmentCosts.set(name, cost);
        }
        total += cost;
      } else {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') continue; // introspection is priced by who may run it
        const field =
          isObjectType(parent) || isAbstractType(parent)
            ? (parent as { getFields?: () => Record<string, GraphQLField<unknown, unknown>> }).getFields?.()[name]
            : undefined;
        if (!field) {
          total += options.depthCostFactor * options.scalarCost; // __typename
          continue;
        }
        const times = multiplier(parent, field, selection.arguments ?? []);
        const own = selection.selectionSet ? options.objectCost + selectionCost(getNamedType(field.type), selection.selectionSet) : options.scalarCost;
        total += options.depthCostFactor * own * times;
      }
    }
    return total;
  };

  const cost = selectionCost(root, operation.selectionSet) / options.depthCostFactor;
  return overflow ? { overflow } : { cost };
}
