/**
 * Builds queries for every field of the schema a caller can reach, generically: new types and
 * fields are walked without touching this file. Arguments come from values seen in earlier
 * answers (ids by type, strings and numbers by field name), so fields that need an id or a code
 * are reached too. Used by the personal-data test.
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** Values seen in answers: global ids by type, scalars by the name of the field that held them. */
export class Harvest {
  readonly ids = new Map<string, Set<string>>();
  readonly values = new Map<string, Set<string | number>>();

  /** Puts known ids first, so arguments are tried with rows that have data behind them. */
  prime(type: string, ids: string[]): void {
    this.ids.set(type, new Set([...ids, ...(this.ids.get(type) ?? [])]));
  }

  take(value: unknown): void {
    if (Array.isArray(value)) {
      for (const v of value) this.take(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.__typename === 'string' && typeof record.id === 'string') {
      const ids = this.ids.get(record.__typename) ?? new Set();
      ids.add(record.id);
      this.ids.set(record.__typename, ids);
    }
    for (const [key, v] of Object.entries(record)) {
      if (typeof v === 'string' || typeof v === 'number') {
        const seen = this.values.get(key) ?? new Set();
        if (seen.size < 5) seen.add(v);
        this.values.set(key, seen);
      } else this.take(v);
    }
  }

  /** Candidate values for an argument: every kind that fits its type, a few of each. */
  candidates(arg: GraphQLArgument, idsOf?: string): unknown[] {
    const type = getNamedType(arg.type);
    if (isEnumType(type)) return type.getValues().map((v) => v.name);
    if (isInputObjectType(type)) return [];
    if (type.name === 'ID' && idsOf) return [...(this.ids.get(idsOf) ?? [])].slice(0, 2);
    if (type.name === 'ID') return [...this.ids.values()].flatMap((ids) => [...ids].slice(0, 2));
    const byName = [...(this.values.get(arg.name) ?? [])];
    if (type.name === 'Int')
      return byName
        .filter((v) => typeof v === 'number')
        .slice(0, 2)
        .concat(byName.length ? [] : [1]);
    if (type.name === 'String') return byName.filter((v) => typeof v === 'string').slice(0, 2);
    return [];
  }
}

export interface WalkQuery {
  /** The root field this query reaches through, e.g. Query.ranking. */
  root: string;
  operation: 'query' | 'subscription';
  text: string;
  /** For a root field returning an interface (node): the implementing type this query asks for. */
  as?: string;
}

const literal = (value: unknown, type: GraphQLInputType): string => (isEnumType(getNamedType(type)) ? String(value) : JSON.stringify(value));

const WALK_PAGE_SIZE = 3;

function isPaged(field: GraphQLField<unknown, unknown>) {
  return field.args.some((a) => a.name === 'first') && getNamedType(field.type).name.endsWith('Connection');
}

function isRequired(arg: GraphQLArgument) {
  return isNonNullType(arg.type) && arg.defaultValue === undefined;
}

/** Every combination of required arguments we have values for (one call per combination, capped). */
function argumentSets(field: GraphQLField<unknown, unknown>, harvest: Harvest, cap: number, idsOf?: string): string[] | null {
  // Connections ask for a small page: nested default pages would be over the cost limit, and a few rows reach every field.
  let sets: string[][] = [isPaged(field) ? [`first: ${WALK_PAGE_SIZE}`] : []];
  for (const arg of field.args) {
    if (!isRequired(arg)) {
      // Optional enums (a ranking's stage) are walked value by value; other optional arguments keep their defaults.
      if (isEnumType(getNamedType(arg.type))) {
        const values = harvest.candidates(arg);
        sets = sets.flatMap((set) => [set, ...values.map((v) => [...set, `${arg.name}: ${literal(v, arg.type)}`])]).slice(0, cap);
      }
      continue;
    }
    const values = harvest.candidates(arg, idsOf);
    if (!values.length) return null;
    sets = sets.flatMap((set) => values.map((v) => [...set, `${arg.name}: ${literal(v, arg.type)}`])).slice(0, cap);
  }
  return sets.map((set) => (set.length ? `(${set.join(', ')})` : ''));
}

export interface WalkOptions {
  /** Object levels below the root field (a connection's edges and node count as levels). */
  maxDepth: number;
  /** Coordinates (Type.field) to leave out, e.g. those the caller was refused. */
  skip: ReadonlySet<string>;
}

/**
 * The selection set of `type`: every leaf field, and object fields down to `depth`, never
 * entering a type already on the path (so cycles like Region.parent end). Fields with required
 * arguments take the first argument set we have values for.
 */
function selection(type: GraphQLNamedType, harvest: Harvest, options: WalkOptions, depth: number, path: Set<string>): string {
  if (isUnionType(type) || isInterfaceType(type)) {
    const possible = isUnionType(type) ? type.getTypes() : []; // interfaces: only through node(id), below
    return ['__typename', ...possible.map((t) => `... on ${t.name} { ${selection(t, harvest, options, depth, path)} }`)].join(' ');
  }
  if (!isObjectType(type)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    if (options.skip.has(`${type.name}.${field.name}`)) continue;
    const args =
      isPaged(field) || field.args.some(isRequired) || field.args.some((a) => isEnumType(getNamedType(a.type)) && !isRequired(a))
        ? argumentSets(field, harvest, 1)?.[0]
        : '';
    if (args === undefined) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(`${field.name}${args}`);
      continue;
    }
    if (depth >= options.maxDepth || path.has(named.name)) continue;
    const inner = selection(named, harvest, options, depth + 1, new Set([...path, named.name]));
    if (inner) parts.push(`${field.name}${args} { ${inner} }`);
  }
  return parts.join(' ');
}

/** One query per root field and argument set, for Query and Subscription. */
export function walkQueries(schema: GraphQLSchema, harvest: Harvest, options: WalkOptions): WalkQuery[] {
  const queries: WalkQuery[] = [];
  const roots: Array<[GraphQLObjectType | null | undefined, 'query' | 'subscription']> = [
    [schema.getQueryType(), 'query'],
    [schema.getSubscriptionType(), 'subscription'],
  ];
  for (const [root, operation] of roots) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const coordinate = `${root.name}.${field.name}`;
      if (options.skip.has(coordinate)) continue;
      const named = getNamedType(field.type);
      if (isInterfaceType(named)) {
        // node(id) and the like: one query per implementing type, with that type's ids.
        for (const type of schema.getPossibleTypes(named)) {
          if (options.skip.has(`${coordinate}:${type.name}`)) continue;
          for (const args of argumentSets(field, harvest, 4, type.name) ?? []) {
            const inner = `__typename ... on ${type.name} { ${selection(type, harvest, options, 1, new Set([type.name]))} }`;
            queries.push({ root: coordinate, operation, text: `${operation} { ${field.name}${args} { ${inner} } }`, as: type.name });
          }
        }
        continue;
      }
      for (const args of argumentSets(field, harvest, 40) ?? []) {
        const inner = isLeafType(named) ? '' : selection(named, harvest, options, 1, new Set([named.name]));
        const body = inner ? `${field.name}${args} { ${inner} }` : `${field.name}${args}`;
        queries.push({ root: coordinate, operation, text: `${operation} { ${body} }` });
      }
    }
  }
  return queries;
}

/** The schema coordinate (Type.field) an error path points at, e.g. ["ranking","edges",0,"node","x"] → RankingEntry.x. */
export function coordinateOf(schema: GraphQLSchema, operation: 'query' | 'subscription', path: ReadonlyArray<string | number>): string | null {
  let type: GraphQLNamedType | null | undefined = operation === 'query' ? schema.getQueryType() : schema.getSubscriptionType();
  let coordinate: string | null = null;
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    if (!type || !isObjectType(type)) return coordinate;
    const field = type.getFields()[segment];
    if (!field) return coordinate;
    coordinate = `${type.name}.${segment}`;
    let t = field.type;
    while (isNonNullType(t) || isListType(t)) t = t.ofType;
    type = t as GraphQLNamedType;
  }
  return coordinate;
}

/** Adds the coordinates (Type.field) that hold a non-null value in `data` to `out`. */
export function reachedCoordinates(schema: GraphQLSchema, type: GraphQLNamedType | null | undefined, data: unknown, out: Set<string>): void {
  if (Array.isArray(data)) {
    for (const item of data) reachedCoordinates(schema, type, item, out);
    return;
  }
  if (!data || typeof data !== 'object' || !type) return;
  const record = data as Record<string, unknown>;
  const concrete = isObjectType(type) ? type : typeof record.__typename === 'string' ? schema.getType(record.__typename) : null;
  if (!concrete || !isObjectType(concrete)) return;
  for (const [key, value] of Object.entries(record)) {
    const field = concrete.getFields()[key];
    if (!field || value === null || value === undefined) continue;
    out.add(`${concrete.name}.${key}`);
    reachedCoordinates(schema, getNamedType(field.type), value, out);
  }
}
