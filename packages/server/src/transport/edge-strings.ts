/**
 * The one check every string a request carries passes, at the edge, once: in the variables and
 * in the document's literals, whatever field they are for. A string must be well-formed UTF-16
 * (no lone surrogate, which no database or JSON encoder can store faithfully), hold no null byte
 * (PostgreSQL text cannot), and no control character but tab, line feed and carriage return
 * (the ones free text uses). A bad string is BAD_USER_INPUT naming the argument, before anything runs.
 */
import { GraphQLError, Kind, visit, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { argumentOfVariable } from './argument-errors.js';
import { refuseBeforeRunning } from './limits.js';

// C0 controls but \t \n \r, DEL, and C1 controls.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Why `value` may not cross the edge, or null. */
export function stringProblem(value: string): string | null {
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) return 'contains a lone surrogate (not well-formed Unicode)';
  const bad = FORBIDDEN.exec(value);
  if (bad)
    return bad[0] === '\u0000'
      ? 'contains a null byte'
      : `contains the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return null;
}

/** The first bad string in `value` (keys included) and where it is; iterative, so depth cannot overflow the stack. */
function firstBadString(value: unknown, root: string): { path: string; problem: string } | null {
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      const problem = stringProblem(item);
      if (problem) return { path, problem };
    } else if (Array.isArray(item))
      item.forEach((v, i) => {
        pending.push([v, `${path}[${i}]`]);
      });
    else if (item && typeof item === 'object') {
      for (const [key, v] of Object.entries(item)) {
        const problem = stringProblem(key);
        if (problem) return { path: `${path}.${key}`, problem };
        pending.push([v, `${path}.${key}`]);
      }
    }
  }
  return null;
}

type BadString = { argument: string; path: string; problem: string };

/**
 * The first bad string literal of each document, or null. Documents come from Yoga's parser
 * cache (the same object for the same text), so a persisted query's literals are walked once, not
 * on every request (the walk was about 2% of the CPU of a small query).
 */
const literalChecks = new WeakMap<DocumentNode, BadString | null>();

function badLiteral(document: DocumentNode): BadString | null {
  const known = literalChecks.get(document);
  if (known !== undefined) return known;
  let bad: BadString | null = null;
  const argsStack: string[] = [];
  visit(document, {
    Argument: { enter: (node) => void argsStack.push(node.name.value), leave: () => void argsStack.pop() },
    [Kind.STRING]: (node) => {
      const problem = bad ? null : stringProblem(node.value);
      if (problem) bad = { argument: argsStack.at(-1) ?? 'document', path: argsStack.at(-1) ?? 'document', problem };
    },
  });
  literalChecks.set(document, bad);
  return bad;
}

function refusal(args: ExecutionArgs): ExecutionResult | null {
  let bad: BadString | null = null;
  const variables = (args.variableValues ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(variables)) {
    const found = firstBadString(value, name);
    if (found) {
      // Named from the argument down to the string, e.g. `input.password` or `results[3].reason`.
      const argument = argumentOfVariable(args.document).get(name) ?? name;
      bad = { argument, path: `${argument}${found.path.slice(name.length)}`, problem: found.problem };
      break;
    }
  }
  bad ??= badLiteral(args.document);
  if (!bad) return null;
  const { argument, path, problem } = bad;
  return { errors: [new GraphQLError(`${path}: ${problem}`, { extensions: { code: 'BAD_USER_INPUT', field: path, argument } })] };
}

/** Refuses, before anything runs, an operation carrying a string that may not cross the edge. */
export function useWellFormedStrings(): Plugin {
  return refuseBeforeRunning(refusal);
}
