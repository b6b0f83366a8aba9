import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '../logger.js';
import { LiveTopics, type LiveTopicsOptions, type TopicPass } from './engine.js';

interface Figure {
  key: string;
  sequence: number;
  marks: number[];
  snapshot: boolean;
}

const INTERVAL_MS = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open: Array<LiveTopics<string, Figure, number>> = [];
afterEach(() => {
  for (const topics of open.splice(0)) topics.close();
  vi.restoreAllMocks();
});

/** Topics whose computation records what it was given; `compute` replaces the default one. */
function figures(options: Partial<LiveTopicsOptions<string, Figure, number>> = {}) {
  const passes: Array<TopicPass<string, Figure, number> & { at: number }> = [];
  const topics = new LiveTopics<string, Figure, number>({
    name: 'figure',
    intervalMs: INTERVAL_MS,
    compute: async (pass) => {
      passes.push({ ...pass, at: Date.now() });
      return { key: pass.key, sequence: pass.sequence, marks: pass.marks, snapshot: pass.snapshot };
    },
    ...options,
  });
  open.push(topics);
  return { topics, passes };
}

describe('LiveTopics', () => {
  it('computes a topic’s snapshot once for every subscriber who joins before it is out, and gives later joiners the latest value without computing', async () => {
    const { topics, passes } = figures();
    const [a, b, c] = [topics.subscribe('x'), topics.subscribe('x'), topics.subscribe('x')];
    const first = await Promise.all([a.next(), b.next(), c.next()]);
    expect(passes).toHaveLength(1);
    expect(first[0].value).toEqual({ key: 'x', sequence: 1, marks: [], snapshot: true });
    expect(first[1].value).toBe(first[0].value);
    expect(first[2].value).toBe(first[0].value);

    const late = topics.subscribe('x');
    expect((await late.next()).value).toBe(first[0].value);
    expect(passes).toHaveLength(1);
  });

  it('coalesces a burst of marks into one computation for all subscribers, at most one per interval', async () => {
    const { topics, passes } = figures();
    const screens = Array.from({ length: 50 }, () => topics.subscribe('x'));
    await Promise.all(screens.map((s) => s.next()));
    for (let i = 0; i < 100; i++) topics.mark('x', [i % 10]);
    const second = await Promise.all(screens.map((s) => s.next()));
    expect(passes).toHaveLength(2);
    expect(second[0]!.value).toEqual({ key: 'x', sequence: 2, marks: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], snapshot: false });
    for (const r of second) expect(r.value).toBe(second[0]!.value);
    expect(passes[1]!.at - passes[0]!.at).toBeGreaterThanOrEqual(INTERVAL_MS - 1);

    // Marked again right after a push: the next computation waits for the interval.
    topics.mark('x', [42]);
    await screens[0]!.next();
    expect(passes).toHaveLength(3);
    expect(passes[2]!.at - passes[1]!.at).toBeGreaterThanOrEqual(INTERVAL_MS - 1);
    expect(passes[2]!.marks).toEqual([42]);
  });

  it('marks during a computation wait for it and make one more, never two at once', async () => {
    let running = 0;
    let most = 0;
    const { topics, passes } = figures({
      compute: async (pass) => {
        passes.push({ ...pass, at: Date.now() });
        most = Math.max(most, ++running);
        await sleep(INTERVAL_MS * 2);
        running--;
        return { key: pass.key, sequence: pass.sequence, marks: pass.marks, snapshot: pass.snapshot };
      },
    });
    const screen = topics.subscribe('x');
    const snapshot = screen.next();
    await sleep(INTERVAL_MS / 2);
    topics.mark('x', [1]);
    topics.mark('x', [2]);
    await snapshot;
    expect((await screen.next()).value).toMatchObject({ sequence: 2, marks: [1, 2] });
    expect(most).toBe(1);
    expect(passes).toHaveLength(2);
  });

  it('drops a topic when its last subscriber leaves: its pending computation is cancelled and the next subscriber starts afresh', async () => {
    const { topics, passes } = figures();
    const a = topics.subscribe('x');
    const b = topics.subscribe('x');
    await Promise.all([a.next(), b.next()]);
    topics.mark('x', [1]);
    await a.return!();
    await b.return!();
    topics.mark('x', [2]);
    await sleep(INTERVAL_MS * 2);
    expect(passes).toHaveLength(1);

    const again = topics.subscribe('x');
    expect((await again.next()).value).toEqual({ key: 'x', sequence: 1, marks: [], snapshot: true });
    expect(passes).toHaveLength(2);
  });

  it('marks only topics someone watches, each with its own key', async () => {
    const { topics, passes } = figures();
    const x = topics.subscribe('x');
    const y = topics.subscribe('y');
    await Promise.all([x.next(), y.next()]);
    topics.mark('nobody', [1]);
    topics.markEach((key) => key === 'y');
    expect((await y.next()).value).toMatchObject({ key: 'y', sequence: 2 });
    await sleep(INTERVAL_MS * 2);
    expect(passes.map((p) => p.key)).toEqual(['x', 'y', 'y']);
  });

  it('recomputes every watched topic as a whole snapshot when asked (events were missed while the bus was away)', async () => {
    const { topics } = figures();
    const screens = ['x', 'y', 'z'].map((key) => topics.subscribe(key));
    await Promise.all(screens.map((s) => s.next()));
    topics.mark('x', [7]);
    topics.markEach(undefined, { snapshot: true });
    const updates = await Promise.all(screens.map((s) => s.next()));
    expect(updates.map((u) => u.value)).toEqual([
      { key: 'x', sequence: 2, marks: [7], snapshot: true },
      { key: 'y', sequence: 2, marks: [], snapshot: true },
      { key: 'z', sequence: 2, marks: [], snapshot: true },
    ]);
  });

  it('logs a failed computation with its topic instead of throwing, and computes its marks again at the next mark', async () => {
    const logged = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    let fail = false;
    const { topics, passes } = figures({
      compute: async (pass) => {
        passes.push({ ...pass, at: Date.now() });
        if (fail) throw new Error('database away');
        return { key: pass.key, sequence: pass.sequence, marks: pass.marks, snapshot: pass.snapshot };
      },
    });
    const screen = topics.subscribe('x');
    await screen.next();
    fail = true;
    topics.mark('x', [1]);
    await expect.poll(() => passes.length).toBe(2);
    await sleep(INTERVAL_MS * 2);
    expect(passes).toHaveLength(2); // no retry loop while it fails
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ topic: 'figure:x', err: expect.any(Error) }), 'live topic failed');
    fail = false;
    topics.mark('x', [2]);
    expect((await screen.next()).value).toEqual({ key: 'x', sequence: 2, marks: [1, 2], snapshot: false });
  });

  it('pushes nothing when the computation has nothing new, and keeps what `retain` makes of a push for new subscribers', async () => {
    const { topics, passes } = figures({
      compute: async (pass) => {
        passes.push({ ...pass, at: Date.now() });
        if (pass.last && !pass.marks.length) return undefined;
        return { key: pass.key, sequence: pass.sequence, marks: pass.marks, snapshot: pass.snapshot };
      },
      retain: (previous, pushed) => ({ ...pushed, marks: [...(previous?.marks ?? []), ...pushed.marks] }),
    });
    const screen = topics.subscribe('x');
    await screen.next();
    topics.markEach();
    await expect.poll(() => passes.length).toBe(2);
    topics.mark('x', [5]);
    expect((await screen.next()).value).toEqual({ key: 'x', sequence: 2, marks: [5], snapshot: false });
    topics.mark('x', [6]);
    expect((await screen.next()).value).toMatchObject({ sequence: 3, marks: [6] });
    expect((await topics.subscribe('x').next()).value).toMatchObject({ sequence: 3, marks: [5, 6] });
  });

  it('keeps only the newest 16 pushes for a subscriber that does not read', async () => {
    const { topics } = figures({ intervalMs: 0 });
    const reader = topics.subscribe('x');
    const idle = topics.subscribe('x');
    await Promise.all([reader.next(), idle.next()]);
    for (let i = 1; i <= 20; i++) {
      topics.mark('x', [i]);
      await reader.next();
    }
    const kept: number[] = [];
    for (let i = 0; i < 16; i++) kept.push((await idle.next()).value.sequence);
    expect(kept).toEqual(Array.from({ length: 16 }, (_, i) => i + 6));
  });

  it('tells the push hook which topic an event reached, on how many subscribers, how long after the event', async () => {
    const pushes: Array<[string, number, number]> = [];
    const { topics } = figures({ onPush: (topic, subscribers, ms) => void pushes.push([topic, subscribers, ms]) });
    const screens = [topics.subscribe('x'), topics.subscribe('x')];
    await Promise.all(screens.map((s) => s.next()));
    // A first snapshot answers a subscriber, not an event: nothing to time.
    expect(pushes).toEqual([]);
    topics.mark('x');
    await Promise.all(screens.map((s) => s.next()));
    expect(pushes).toEqual([['figure:x', 2, expect.any(Number)]]);
    expect(pushes[0]![2]).toBeGreaterThanOrEqual(0);
  });

  it('ends every subscription on close', async () => {
    const { topics } = figures();
    const screen = topics.subscribe('x');
    await screen.next();
    const pending = screen.next();
    topics.close();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
