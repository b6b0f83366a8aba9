/**
 * A push-based async iterator: the producer pushes, the consumer iterates, and `return()` (a
 * client unsubscribing) runs the cleanup. Slow consumers keep only the newest values: a live
 * screen wants the present, not a backlog.
 */
export function channel<T>(onClose: () => void, maxBuffer = 16): { push(value: T): void; iterator: AsyncIterableIterator<T> } {
  const buffer: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (buffer.length) return Promise.resolve({ value: buffer.shift()!, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw: (err) => {
      close();
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    push: (value) => {
      if (closed) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
        return;
      }
      buffer.push(value);
      if (buffer.length > maxBuffer) buffer.shift();
    },
    iterator,
  };
}
