/** The in-process half of a change feed: listeners of one store object, told in the order changes are stored. */
import type { ChangeFeed, SessionChange } from "./segments-store.js";
import { isContactChange, type TeamStore } from "./team-store.js";

type Listener<C> = (change: C) => void;

export interface ChangeEmitter<C extends { segments: string[] } = SessionChange> {
  subscribe(listener: Listener<C>): Promise<() => Promise<void>>;
  emit(change: C): void;
}

export function createChangeEmitter<C extends { segments: string[] } = SessionChange>(): ChangeEmitter<C> {
  // Wrapped, so that one function subscribed twice is two listeners, each stopped on its own.
  const listeners = new Set<{ listener: Listener<C> }>();
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
function tell<C extends { segments: string[] }>(listener: Listener<C>, change: C): void {
  try {
    listener({ ...change, segments: change.segments.slice() });
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** `subscribe` over a feed that also tells contacts' changes: its listeners hear sessions' alone, as they always have. */
export function sessionsOnly(subscribeAll: TeamStore["subscribeAll"]): ChangeFeed["subscribe"] {
  return (listener) =>
    subscribeAll((change) => {
      if (!isContactChange(change)) listener(change);
    });
}
