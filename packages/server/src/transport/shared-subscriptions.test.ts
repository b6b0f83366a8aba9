import { describe, expect, it } from 'vitest';
import type { ExecutionResult } from 'graphql';
import { SharedPayload, SharedSubscriptions } from './shared-subscriptions.js';

describe('SharedPayload', () => {
  it('encodes the payload once per transport tail', () => {
    const payload = new SharedPayload('{"a":1}');
    expect(payload.bytesEndingWith('}').toString()).toBe('{"a":1}}');
    expect(payload.bytesEndingWith('}')).toBe(payload.bytesEndingWith('}'));
    expect(payload.bytesEndingWith('\n\n').toString()).toBe('{"a":1}\n\n');
  });

  it('builds a whole message only for an envelope that a second member shares, then reuses it', () => {
    const payload = new SharedPayload('{"a":1}');
    let builds = 0;
    const build = (envelope: string) => () => (builds++, Buffer.from(envelope + payload.json));
    expect(payload.messageFor('id:1', build('id:1'))).toBeUndefined();
    expect(payload.messageFor('id:unique', build('id:unique'))).toBeUndefined();
    const second = payload.messageFor('id:1', build('id:1'));
    expect(second?.toString()).toBe('id:1{"a":1}');
    expect(payload.messageFor('id:1', build('id:1'))).toBe(second);
    expect(builds).toBe(1);
  });

  it('builds a message every member gets alike (SSE) once for the whole group', () => {
    const payload = new SharedPayload('{"a":1}');
    let builds = 0;
    const build = (json: string) => (builds++, Buffer.from(`data: ${json}`));
    const first = payload.sameForAll('sse', build);
    expect(first.toString()).toBe('data: {"a":1}');
    expect(payload.sameForAll('sse', build)).toBe(first);
    expect(builds).toBe(1);
  });
});

/** A subscription stream the test feeds by hand. */
function manualStream() {
  const queue: ExecutionResult[] = [];
  let wake: (() => void) | undefined;
  return {
    push(result: ExecutionResult) {
      queue.push(result);
      wake?.();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
          yield queue.shift()!;
        }
      },
    } as AsyncIterable<ExecutionResult>,
  };
}

describe('SharedSubscriptions', () => {
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('gives every member exactly one snapshot, whether it joined before or after the group’s first result', async () => {
    const shared = new SharedSubscriptions();
    const group = manualStream();
    const received: Record<string, string[]> = { first: [], early: [], late: [] };
    const member = (name: string) => (payload: SharedPayload) => received[name]!.push(payload.json);
    const snapshot = (n: number) => ({ data: { n } });

    await shared.subscribe('k', () => group.iterable, member('first'));
    // Joins before the group's snapshot exists: that snapshot is its own, no private execution.
    const early = shared.subscribe(
      'k',
      () => {
        throw new Error('no private execution expected');
      },
      member('early'),
    );
    await early;
    group.push(snapshot(1));
    await flush();
    // Joins after: one private execution for its own snapshot, then the shared stream.
    await shared.subscribe(
      'k',
      () => ({
        async *[Symbol.asyncIterator]() {
          yield snapshot(1);
        },
      }),
      member('late'),
    );
    group.push(snapshot(2));
    await flush();

    expect(received).toEqual({
      first: ['{"data":{"n":1}}', '{"data":{"n":2}}'],
      early: ['{"data":{"n":1}}', '{"data":{"n":2}}'],
      late: ['{"data":{"n":1}}', '{"data":{"n":2}}'],
    });
    expect(shared.stats).toEqual({ executions: 2, serializations: 2 });
  });

  it('stops the group’s execution when its last member leaves, one that never read included, and starts a new one for the next', async () => {
    const shared = new SharedSubscriptions();
    let stopped = 0;
    const execution = (): AsyncIterable<ExecutionResult> => ({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<ExecutionResult>>(() => {}),
        return: async () => (stopped++, { value: undefined, done: true }),
      }),
    });
    const first = (await shared.subscribe('k', execution, () => {})) as AsyncIterableIterator<never>;
    const second = (await shared.subscribe('k', execution, () => {})) as AsyncIterableIterator<never>;
    void first.next();
    await first.return!();
    expect(stopped).toBe(0);
    await second.return!(); // never read: still a member until now
    expect(stopped).toBe(1);
    await shared.subscribe('k', execution, () => {});
    expect(shared.stats.executions).toBe(2);
  });
});
