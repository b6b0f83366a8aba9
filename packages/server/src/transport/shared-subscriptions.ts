/**
 * Subscribers with the same operation, variables and visibility share one execution and one
 * serialized payload: each result is executed and JSON-encoded once per group, and every member
 * is sent the same bytes inside its own `{"id":…,"type":"next"}` envelope. A member that joins
 * a running group first gets its own snapshot (one private execution), then the shared stream.
 */
import type { ExecutionResult } from 'graphql';
import { channel } from '../live/channel.js';

const TOKEN_PREFIX = '@@pantau-shared:';
const TOKEN_PATTERN = /"@@pantau-shared:(\d+)@@"/;
/** Serialized results kept for members whose send is still queued. */
const TOKENS_KEPT = 64;

type Execution = AsyncIterable<ExecutionResult> | ExecutionResult;
/** What a member receives: its own results or stand-ins for shared ones. */
type MemberStream = AsyncIterableIterator<SharedResult | ExecutionResult>;

const isAsyncIterable = (x: unknown): x is AsyncIterable<ExecutionResult> =>
  typeof x === 'object' && x !== null && Symbol.asyncIterator in x;

/** Stands in for a shared result inside a message; serializes to a token that `expand` swaps back. */
export class SharedResult {
  constructor(readonly token: number) {}
  toJSON() {
    return `${TOKEN_PREFIX}${this.token}@@`;
  }
}

interface Group {
  ready: Promise<AsyncIterator<ExecutionResult> | ExecutionResult>;
  members: Set<(value: SharedResult | ExecutionResult) => void>;
  stop(): void;
}

export class SharedSubscriptions {
  private readonly groups = new Map<string, Group>();
  private readonly payloads = new Map<number, string>();
  private nextToken = 1;
  /** Executions started and results serialized: tests and benchmarks read these. */
  readonly stats = { executions: 0, serializations: 0 };

  /** Joins (or starts) the group for `key`; `start` runs one execution of the operation. */
  async subscribe(key: string, start: () => Promise<Execution> | Execution): Promise<MemberStream | ExecutionResult> {
    const existing = this.groups.get(key);
    if (existing) return this.joinRunning(key, existing, start);

    const members = new Set<(value: SharedResult | ExecutionResult) => void>();
    let iterator: AsyncIterator<ExecutionResult> | undefined;
    const group: Group = {
      members,
      ready: (async () => {
        this.stats.executions++;
        const result = await start();
        if (!isAsyncIterable(result)) return result;
        iterator = result[Symbol.asyncIterator]();
        return iterator;
      })(),
      stop: () => void iterator?.return?.(),
    };
    this.groups.set(key, group);
    const member = this.addMember(key, group);
    const ready = await group.ready.catch((err: unknown) => {
      this.groups.delete(key);
      throw err;
    });
    if (!('next' in ready)) {
      this.groups.delete(key);
      return ready;
    }
    void this.pump(key, group, ready);
    return member;
  }

  private async joinRunning(key: string, group: Group, start: () => Promise<Execution> | Execution): Promise<MemberStream | ExecutionResult> {
    const ready = await group.ready;
    if (!('next' in ready)) return this.subscribe(key, start);
    // Member first, so nothing pushed from now on is missed; the private snapshot goes in front.
    const member = this.addMember(key, group);
    this.stats.executions++;
    const own = await start();
    if (!isAsyncIterable(own)) {
      await member.return?.();
      return own;
    }
    const it = own[Symbol.asyncIterator]();
    const first = await it.next();
    await it.return?.();
    return prepend<SharedResult | ExecutionResult>(first.done ? [] : [first.value], member);
  }

  private addMember(key: string, group: Group): MemberStream {
    const { push, iterator } = channel<SharedResult | ExecutionResult>(() => {
      group.members.delete(push);
      if (!group.members.size && this.groups.get(key) === group) {
        this.groups.delete(key);
        group.stop();
      }
    });
    group.members.add(push);
    return iterator;
  }

  private async pump(key: string, group: Group, iterator: AsyncIterator<ExecutionResult>) {
    try {
      for (;;) {
        const { value, done } = await iterator.next();
        if (done) break;
        const token = this.nextToken++;
        this.payloads.set(token, JSON.stringify(value));
        this.stats.serializations++;
        this.payloads.delete(token - TOKENS_KEPT);
        const shared = new SharedResult(token);
        for (const push of group.members) push(shared);
      }
    } catch (err) {
      console.error('shared subscription failed', err);
    } finally {
      if (this.groups.get(key) === group) this.groups.delete(key);
    }
  }

  /** Swaps a shared token in an outgoing message for its serialized payload. */
  expand(message: string): string {
    if (!message.includes(TOKEN_PREFIX)) return message;
    const match = TOKEN_PATTERN.exec(message);
    const payload = match && this.payloads.get(Number(match[1]));
    if (!match || payload === undefined) return message.replace(TOKEN_PATTERN, '{"errors":[{"message":"update expired, resubscribe"}]}');
    return message.slice(0, match.index) + payload + message.slice(match.index + match[0].length);
  }

  get groupCount(): number {
    return this.groups.size;
  }
}

/** An iterator that yields `first` values, then everything from `rest`. */
function prepend<T>(first: T[], rest: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  const queue = [...first];
  return {
    next: () => (queue.length ? Promise.resolve({ value: queue.shift()!, done: false }) : rest.next()),
    return: () => rest.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    throw: (e) => rest.throw?.(e) ?? Promise.reject(e),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
