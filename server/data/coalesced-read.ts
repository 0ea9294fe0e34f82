/**
 * One query for many concurrent identical reads, never a stale one: a caller asking for a key whose
 * read is already running waits for the next read of that key, which starts as soon as the running
 * one ends and answers everyone who asked meanwhile. Every caller thus gets a result read after it
 * asked (nothing is cached), while 50 concurrent requests for the same survey cost two or three
 * queries instead of 50. A failed read fails the callers it was answering only.
 */

interface Slot<V> {
  readonly promise: Promise<V>;
  readonly start: () => void;
}

function deferredRead<V>(read: () => Promise<V>): Slot<V> {
  let start!: () => void;
  const promise = new Promise<V>((resolve, reject) => {
    start = () => read().then(resolve, reject);
  });
  return { promise, start };
}

export function coalescedRead<K, V>(read: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const running = new Map<K, Promise<V>>();
  const next = new Map<K, Slot<V>>();

  function launch(key: K, slot: Slot<V>): Promise<V> {
    running.set(key, slot.promise);
    const done = () => {
      running.delete(key);
      const waiting = next.get(key);
      if (waiting) {
        next.delete(key);
        launch(key, waiting);
      }
    };
    slot.promise.then(done, done);
    slot.start();
    return slot.promise;
  }

  return (key: K) => {
    if (!running.has(key)) return launch(key, deferredRead(() => read(key)));
    let waiting = next.get(key);
    if (!waiting) {
      waiting = deferredRead(() => read(key));
      next.set(key, waiting);
    }
    return waiting.promise;
  };
}
