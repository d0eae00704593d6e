/** The in-process half of a change feed: listeners of one store object, told in the order changes are stored. */
import type { ChangeFeed, ChangeListener, SessionChange } from "./segments-store.js";

export interface ChangeEmitter extends ChangeFeed {
  emit(change: SessionChange): void;
}

export function createChangeEmitter(): ChangeEmitter {
  // Wrapped, so that one function subscribed twice is two listeners, each stopped on its own.
  const listeners = new Set<{ listener: ChangeListener }>();
  return {
    async subscribe(listener) {
      const entry = { listener };
      listeners.add(entry);
      return async () => {
        listeners.delete(entry);
      };
    },
    emit(change) {
      for (const { listener } of [...listeners]) tell(listener, change);
    },
  };
}

/** Each listener gets its own copy; its error is rethrown apart, so the write and the other listeners stand. */
function tell(listener: ChangeListener, change: SessionChange): void {
  try {
    listener({ ...change, segments: change.segments.slice() });
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
