/**
 * graphql-js reports a bad literal as "String cannot represent a non string value: 15" without
 * saying which argument held it. This envelop plugin names the argument (and the field), so a
 * partner app can point at the right input: `Argument "code" of "region": String cannot …`.
 */
import { GraphQLError, visit, type ASTNode, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function argumentOwners(document: DocumentNode): Map<ASTNode, { argument: string; field: string }> {
  const owners = new Map<ASTNode, { argument: string; field: string }>();
  const fields: string[] = [];
  const args: string[] = [];
  visit(document, {
    Field: { enter: (node) => void fields.push(node.name.value), leave: () => void fields.pop() },
    Argument: { enter: (node) => void args.push(node.name.value), leave: () => void args.pop() },
    enter(node) {
      const argument = args.at(-1);
      if (argument && node.kind !== 'Argument' && node.kind !== 'Name') owners.set(node, { argument, field: fields.at(-1) ?? '' });
    },
  });
  return owners;
}

/** A bad input found while executing: a variable the schema refused, or an id that is not a global id. */
const VARIABLE_ERROR = /^Variable "\$(\w+)"/;
const BAD_ID = /^(?:Invalid global ID: (.*)|ID (.*) is out of range|ID: (.*) is not of type: .*)$/s;

/**
 * Names the argument of input errors that graphql-js and Pothos raise without it: a variable
 * value its type refused (`Variable "$a" got invalid value …`), and a malformed global id.
 */
function nameExecutionErrors(document: DocumentNode, variables: Record<string, unknown> | undefined, result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.length) return null;
  let owners: Map<string, string> | undefined;
  let changed = false;
  const errors = result.errors.map((error) => {
    if (error.extensions?.argument) return error;
    const variable = VARIABLE_ERROR.exec(error.message)?.[1];
    const badIdMatch = BAD_ID.exec(error.message);
    const badId = badIdMatch ? (badIdMatch[1] ?? badIdMatch[2] ?? badIdMatch[3]) : undefined;
    if (!variable && badId === undefined) return error;
    owners ??= argumentOfVariable(document);
    const argument = variable
      ? owners.get(variable)
      : [...owners].find(([name]) => {
          const value = variables?.[name];
          return value === badId || (Array.isArray(value) && value.includes(badId));
        })?.[1];
    if (!argument) return error;
    changed = true;
    return new GraphQLError(`${argument}: ${error.message}`, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT', field: argument, argument },
    });
  });
  return changed ? { ...result, errors } : null;
}

export function useNamedArgumentErrors(): Plugin {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in result) return;
        const named = nameExecutionErrors(args.document, args.variableValues as Record<string, unknown> | undefined, result);
        if (named) setResult(named);
      },
    }),
    onValidate: ({ params }) => {
      return ({ result, setResult }) => {
        if (!result.length) return;
        let owners: ReturnType<typeof argumentOwners> | undefined;
        setResult(
          result.map((error) => {
            const node = error.nodes?.[0];
            if (!node) return error;
            owners ??= argumentOwners(params.documentAST);
            const owner = owners.get(node);
            if (!owner || error.message.includes(`"${owner.argument}"`)) return error;
            // A literal its type refused is bad input, like the same value in a variable.
            const refusedValue = /^Expected value of type|cannot represent/.test(error.message);
            return new GraphQLError(`Argument "${owner.argument}" of "${owner.field}": ${error.message}`, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              path: error.path,
              originalError: error.originalError,
              extensions: { ...error.extensions, argument: owner.argument, ...(refusedValue ? { code: 'BAD_USER_INPUT', field: owner.argument } : {}) },
            });
          }),
        );
      };
    },
  };
}

/** The argument each variable is passed to (its first use), for naming it in errors. */
export function argumentOfVariable(document: DocumentNode): Map<string, string> {
  const owners = new Map<string, string>();
  const args: string[] = [];
  visit(document, {
    Argument: { enter: (node) => void args.push(node.name.value), leave: () => void args.pop() },
    Variable: (node) => {
      const argument = args.at(-1);
      if (argument && !owners.has(node.name.value)) owners.set(node.name.value, argument);
    },
  });
  return owners;
}
