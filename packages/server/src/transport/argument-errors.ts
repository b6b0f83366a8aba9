/**
 * graphql-js reports a bad literal as "String cannot represent a non string value: 15" without
 * saying which argument held it. This envelop plugin names the argument (and the field), so a
 * partner app can point at the right input: `Argument "code" of "region": String cannot …`.
 */
import { GraphQLError, visit, type ASTNode, type DocumentNode } from 'graphql';
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

export function useNamedArgumentErrors(): Plugin {
  return {
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
            return new GraphQLError(`Argument "${owner.argument}" of "${owner.field}": ${error.message}`, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              path: error.path,
              originalError: error.originalError,
              extensions: { ...error.extensions, argument: owner.argument },
            });
          }),
        );
      };
    },
  };
}
