/**
 * Subscribers with the same operation, variables and visibility share one execution and one
 * serialized payload: each result is executed and JSON-encoded once per group, and every member
 * gets those same bytes inside its own `{"id":…,"type":"next"}` envelope, written straight to
 * its socket. A member joining a running group first gets its own snapshot (one private
 * execution at join time), then the shared stream; one joining before the group's first result
 * went out gets that result as its snapshot.
 */
import type { ExecutionResult } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { log } from '../logger.js';

type Execution = AsyncIterable<ExecutionResult> | ExecutionResult;

/**
 * One result serialized once for a whole group: its JSON and the UTF-8 bytes of it, encoded on
 * first use, so a push to ten thousand sockets encodes once and each socket only adds its envelope.
 */
export class SharedPayload {
  private readonly framed = new Map<string, Buffer>();
  private readonly messages = new Map<string, Buffer | null>();
  constructor(readonly json: string) {}
  /** The payload's bytes followed by `tail` (a transport's closing bytes), built once per tail. */
  bytesEndingWith(tail: string): Buffer {
    let bytes = this.framed.get(tail);
    if (!bytes) {
      bytes = Buffer.from(this.json + tail);
      this.framed.set(tail, bytes);
    }
    return bytes;
  }

  /**
   * A transport's whole message when every member gets the same bytes (SSE has no per-subscriber
   * envelope), built by `build` from the JSON once per key for the whole group.
   */
  sameForAll(key: string, build: (json: string) => Buffer): Buffer {
    let bytes = this.framed.get(key);
    if (!bytes) {
      bytes = build(this.json);
      this.framed.set(key, bytes);
    }
    return bytes;
  }

  /**
   * A transport's whole message for members whose envelope is `key`, built by `build` once a
   * second member asks for the same key: members with the same envelope (screens that number their
   * subscriptions alike) then share one buffer and each socket gets a single write. Undefined for
   * the first asker, so an envelope nobody shares costs no copy of the payload.
   */
  messageFor(key: string, build: () => Buffer): Buffer | undefined {
    const message = this.messages.get(key);
    if (message) return message;
    if (message === undefined) {
      this.messages.set(key, null);
      return undefined;
    }
    const built = build();
    this.messages.set(key, built);
    return built;
  }
}

/** Writes one serialized result to a member's connection. */
export type SendPayload = (payload: SharedPayload) => void;

const isAsyncIterable = (x: unknown): x is AsyncIterable<ExecutionResult> => typeof x === 'object' && x !== null && Symbol.asyncIterator in x;

interface Member {
  send: SendPayload;
  /** Shared payloads that arrived before this member's own snapshot went out. */
  held?: SharedPayload[];
  /** Completes the member's subscription when the group's stream ends. */
  end?: () => void;
}

interface Group {
  ready: Promise<AsyncIterator<ExecutionResult> | ExecutionResult>;
  members: Set<Member>;
  /** The stream's first result (its snapshot) has gone out: later joiners need their own. */
  snapshotSent: boolean;
  stop(): void;
}

/**
 * Who may share a group: the same operation and variables, seen by viewers of the same role and
 * partner scopes (who see the same fields, masked the same way). An applicant sees their own
 * data, so applicants never share with each other.
 */
export function sharingKey(
  viewer: { role: string; scopes: ReadonlySet<string>; applicantId?: number },
  params: { query: string; variables?: unknown; operationName?: string | null },
): string {
  const visibility = `${viewer.role}|${viewer.applicantId ?? ''}|${[...viewer.scopes].sort().join(',')}`;
  return `${visibility}\n${params.operationName ?? ''}\n${params.query}\n${JSON.stringify(params.variables ?? {})}`;
}

export class SharedSubscriptions {
  private readonly groups = new Map<string, Group>();
  /** Executions started and results serialized: tests and benchmarks read these. */
  readonly stats = { executions: 0, serializations: 0 };

  /**
   * Joins (or starts) the group for `key`; `start` runs one execution of the operation. Returns
   * an iterator that yields nothing and ends when the group does (its results go through
   * `send`), or the execution's result when it is not a stream (e.g. an error).
   */
  async subscribe(key: string, start: () => Promise<Execution> | Execution, send: SendPayload): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    const existing = this.groups.get(key);
    if (existing) return this.joinRunning(key, existing, start, send);

    let iterator: AsyncIterator<ExecutionResult> | undefined;
    const group: Group = {
      members: new Set(),
      snapshotSent: false,
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
    const member: Member = { send };
    const handle = this.addMember(key, group, member);
    const ready = await group.ready.catch((err: unknown) => {
      this.groups.delete(key);
      throw err;
    });
    if (!('next' in ready)) {
      this.groups.delete(key);
      return ready;
    }
    void this.pump(key, group, ready);
    return handle;
  }

  private async joinRunning(key: string, group: Group, start: () => Promise<Execution> | Execution, send: SendPayload) {
    const ready = await group.ready;
    if (!('next' in ready)) return this.subscribe(key, start, send);
    // The group's snapshot is still to come: it serves this member too.
    if (!group.snapshotSent) return this.addMember(key, group, { send });
    // Member first (holding shared payloads), so nothing pushed from now on is missed.
    const member: Member = { send, held: [] };
    const handle = this.addMember(key, group, member);
    this.stats.executions++;
    const own = await start();
    if (!isAsyncIterable(own)) {
      await handle.return?.();
      return own;
    }
    const it = own[Symbol.asyncIterator]();
    const first = await it.next();
    await it.return?.();
    if (!first.done) send(new SharedPayload(JSON.stringify(first.value)));
    for (const payload of member.held ?? []) send(payload);
    member.held = undefined;
    return handle;
  }

  /** Adds a member; its handle yields nothing and ends when the group's stream does or the member leaves (`return()`). */
  private addMember(key: string, group: Group, member: Member): AsyncIterableIterator<never> {
    group.members.add(member);
    const membership = new Repeater<never>(async (_push, stop) => {
      member.end = stop;
      await stop;
      group.members.delete(member);
      if (!group.members.size && this.groups.get(key) === group) {
        this.groups.delete(key);
        group.stop();
      }
    });
    // A repeater starts on its first next(): start this one now, so a member that leaves before
    // reading (a client gone at once) still leaves its group.
    void membership.next();
    return membership;
  }

  private async pump(key: string, group: Group, iterator: AsyncIterator<ExecutionResult>) {
    try {
      for (;;) {
        const { value, done } = await iterator.next();
        if (done) break;
        const payload = new SharedPayload(JSON.stringify(value));
        this.stats.serializations++;
        group.snapshotSent = true;
        for (const member of group.members) {
          if (member.held) member.held.push(payload);
          else member.send(payload);
        }
      }
    } catch (err) {
      log.error({ err }, 'shared subscription failed');
    } finally {
      if (this.groups.get(key) === group) this.groups.delete(key);
      // The stream ended: complete every member's subscription.
      for (const member of group.members) member.end?.();
    }
  }
}
