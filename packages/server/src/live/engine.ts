/**
 * The live-topic engine behind every subscription to a computed figure: a formation's ranking, a
 * session's scores, a site's sessions, a region's satisfaction index or recruitment KPIs. Events
 * mark topics dirty; a topic is computed at most once per interval, once for all its subscribers on
 * this instance, however many marks arrived and however many screens listen, and the result is
 * pushed to each. The first subscriber of a topic starts one snapshot that later joiners share; a
 * joiner after that gets the latest value at once. A topic left without subscribers is dropped with
 * its timer. A failed computation is logged with its topic and reaches no subscriber: screens keep
 * the last value, and the next mark computes again (the failed marks included).
 *
 * A new live topic is a `compute` (what to show) and the bus events that `mark` it (when).
 */
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { log } from '../logger.js';

/** What identifies a topic within its family: a formation id, a region code, … */
export type TopicKey = string | number;

/** Unread pushes kept per subscriber: a slow screen keeps only the newest, it wants the present, not a backlog. */
const SUBSCRIBER_BUFFER = 16;

/** Hooks and timing shared by every topic family (the services' options extend this). */
export interface LiveTopicHooks {
  /** At most one computation per topic per interval, in ms (default 250). */
  intervalMs?: number;
  /** Called after each computation with the topic's label (`ranking:12`), e.g. by tests counting them. */
  onCompute?: (topic: string) => void;
  /**
   * Called after each push an event asked for (not a first snapshot), e.g. for metrics: the topic's
   * label, the subscribers it reached on this instance, and the ms from the first event the push
   * covers (its first mark) to the last subscriber's push.
   */
  onPush?: (topic: string, subscribers: number, ms: number) => void;
}

/** What a computation knows of its topic. */
export interface TopicPass<Key extends TopicKey, Value, Mark> {
  key: Key;
  /** What marked the topic since its previous computation (participants, units), each once. */
  marks: Mark[];
  /** The topic's first computation, or one asked to be whole (after missed events): compute everything, not only the marks. */
  snapshot: boolean;
  /** What a new subscriber gets now; undefined before the first push. */
  last: Value | undefined;
  /** The number of the push this computation makes: 1 for the topic's first, one more for each after it. */
  sequence: number;
}

export interface LiveTopicsOptions<Key extends TopicKey, Value, Mark> extends LiveTopicHooks {
  /** The topic family, the first part of every label (`ranking:12`) in logs and hooks. */
  name: string;
  /** A topic's value now; undefined pushes nothing (nothing to show, or nothing changed). */
  compute: (pass: TopicPass<Key, Value, Mark>) => Promise<Value | undefined>;
  /** What new subscribers get after a push (by default the pushed value itself). */
  retain?: (previous: Value | undefined, pushed: Value) => Value;
}

interface Subscriber<Value> {
  push(value: Value): void;
  stop(): void;
}

interface Topic<Key, Value, Mark> {
  key: Key;
  label: string;
  subscribers: Set<Subscriber<Value>>;
  last?: Value;
  pushes: number;
  marks: Set<Mark>;
  /** performance.now() of the first mark not yet computed. */
  markedAt?: number;
  /** Marked since the last computation started. */
  dirty: boolean;
  snapshot: boolean;
  /** Cancels the scheduled computation. */
  cancel?: () => void;
  computing: boolean;
  lastRun: number;
}

/** Keyed live topics of one family, computed once per interval for all their subscribers. */
export class LiveTopics<Key extends TopicKey, Value, Mark = never> {
  private readonly topics = new Map<Key, Topic<Key, Value, Mark>>();
  private readonly intervalMs: number;

  constructor(private readonly options: LiveTopicsOptions<Key, Value, Mark>) {
    this.intervalMs = options.intervalMs ?? 250;
  }

  /** A topic's values: the latest first (or the snapshot once computed), then one per computation that pushes. */
  subscribe(key: Key): AsyncIterableIterator<Value> {
    return new Repeater<Value>(async (push, stop) => {
      const subscriber: Subscriber<Value> = { push: (value) => void push(value), stop: () => stop() };
      const topic = this.join(key, subscriber);
      await stop;
      this.leave(topic, subscriber);
    }, new SlidingBuffer(SUBSCRIBER_BUFFER));
  }

  /**
   * Marks a topic dirty (nothing happens for a topic nobody watches): it is computed once the
   * interval since its previous computation has passed, with every mark gathered until then.
   * `snapshot` asks for a whole computation, not only the marks.
   */
  mark(key: Key, marks: Iterable<Mark> = [], options: { snapshot?: boolean } = {}): void {
    const topic = this.topics.get(key);
    if (topic) this.markTopic(topic, marks, options.snapshot === true, true);
  }

  /** Marks every watched topic that `concerns` selects (every one when omitted), e.g. after missed events. */
  markEach(concerns: (key: Key, last: Value | undefined) => boolean = () => true, options: { snapshot?: boolean } = {}): void {
    for (const topic of this.topics.values()) if (concerns(topic.key, topic.last)) this.markTopic(topic, [], options.snapshot === true);
  }

  /** Drops every topic and ends every subscription. */
  close(): void {
    for (const topic of this.topics.values()) {
      topic.cancel?.();
      for (const subscriber of topic.subscribers) subscriber.stop();
    }
    this.topics.clear();
  }

  private join(key: Key, subscriber: Subscriber<Value>): Topic<Key, Value, Mark> {
    let topic = this.topics.get(key);
    if (!topic) {
      const label = `${this.options.name}:${key}`;
      topic = { key, label, subscribers: new Set(), pushes: 0, marks: new Set(), dirty: false, snapshot: true, computing: false, lastRun: 0 };
      this.topics.set(key, topic);
    }
    topic.subscribers.add(subscriber);
    if (topic.last !== undefined) subscriber.push(topic.last);
    // No value yet and none coming: compute one, once for this subscriber and every one joining before it is out.
    else if (!topic.computing && !topic.cancel) this.markTopic(topic, [], true);
    return topic;
  }

  private leave(topic: Topic<Key, Value, Mark>, subscriber: Subscriber<Value>): void {
    topic.subscribers.delete(subscriber);
    if (topic.subscribers.size) return;
    topic.cancel?.();
    topic.cancel = undefined;
    if (this.topics.get(topic.key) === topic) this.topics.delete(topic.key);
  }

  /** `byEvent`: an event asked for it (mark), so the push it leads to is timed from now (onPush). */
  private markTopic(topic: Topic<Key, Value, Mark>, marks: Iterable<Mark>, snapshot: boolean, byEvent = false): void {
    for (const mark of marks) topic.marks.add(mark);
    if (byEvent) topic.markedAt ??= performance.now();
    topic.dirty = true;
    if (snapshot) topic.snapshot = true;
    this.schedule(topic);
  }

  /** One timer per topic, none while it computes (the end of the computation schedules the next). */
  private schedule(topic: Topic<Key, Value, Mark>): void {
    if (topic.cancel || topic.computing || !topic.dirty || !topic.subscribers.size) return;
    const delay = Math.max(0, topic.lastRun + this.intervalMs - Date.now());
    topic.cancel = later(delay, () => {
      topic.cancel = undefined;
      void this.run(topic);
    });
  }

  private async run(topic: Topic<Key, Value, Mark>): Promise<void> {
    const since = topic.markedAt;
    topic.markedAt = undefined;
    topic.computing = true;
    topic.lastRun = Date.now();
    topic.dirty = false;
    const marks = [...topic.marks];
    const snapshot = topic.snapshot;
    topic.marks.clear();
    topic.snapshot = false;
    try {
      const value = await this.options.compute({ key: topic.key, marks, snapshot, last: topic.last, sequence: topic.pushes + 1 });
      this.options.onCompute?.(topic.label);
      if (value !== undefined) {
        topic.pushes++;
        topic.last = this.options.retain ? this.options.retain(topic.last, value) : value;
        for (const subscriber of topic.subscribers) subscriber.push(value);
        if (since !== undefined) this.options.onPush?.(topic.label, topic.subscribers.size, performance.now() - since);
      }
    } catch (err) {
      log.error({ err, topic: topic.label }, 'live topic failed');
      // Not lost: the next mark computes them again.
      for (const mark of marks) topic.marks.add(mark);
      if (since !== undefined) topic.markedAt = Math.min(topic.markedAt ?? since, since);
      if (snapshot) topic.snapshot = true;
    } finally {
      topic.computing = false;
      this.schedule(topic);
    }
  }
}

/**
 * Calls `handle` for every event of `events` (a bus subscription) until the returned stop is
 * called. A handler that throws is logged and the following events still arrive.
 */
export function follow<T>(events: AsyncIterable<T>, handle: (event: T) => void): () => void {
  const iterator = events[Symbol.asyncIterator]();
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const { value, done } = await iterator.next();
      if (done) break;
      try {
        handle(value);
      } catch (err) {
        log.error({ err }, 'live event handler failed');
      }
    }
  })().catch((err: unknown) => log.error({ err }, 'live event subscription failed'));
  return () => {
    stopped = true;
    void iterator.return?.();
  };
}

/** Runs `run` after `delay` ms, or on the next turn of the event loop when it is due now (a 0 ms timer waits at least 1 ms). */
function later(delay: number, run: () => void): () => void {
  if (delay > 0) {
    const timer = setTimeout(run, delay);
    return () => clearTimeout(timer);
  }
  const immediate = setImmediate(run);
  return () => clearImmediate(immediate);
}
