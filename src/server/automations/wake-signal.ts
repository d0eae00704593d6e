/**
 * "Deliveries may be due", told in process: the memory and SQLite stores tell it when a write records deliveries
 * or a replay takes some back, and the delivery worker wakes. Told once per task however often it is raised,
 * after the task, so never inside the writer's transaction.
 */

export interface WakeSignal {
  subscribe(listener: () => void): Promise<() => Promise<void>>;
  tell(): void;
}

export function createWakeSignal(): WakeSignal {
  const listeners = new Set<{ listener: () => void }>();
  let told = false;
  const run = () => {
    told = false;
    for (const { listener } of [...listeners]) {
      try {
        listener();
      } catch (error) {
        // A listener's failure is its own: reported apart, the others still hear.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
  return {
    async subscribe(listener) {
      const entry = { listener };
      listeners.add(entry);
      return async () => {
        listeners.delete(entry);
      };
    },
    tell() {
      if (told) return;
      told = true;
      queueMicrotask(run);
    },
  };
}
