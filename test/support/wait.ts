/** Waiting in unit tests: for timers to run, or for a condition to hold. */

/** Resolves after `ms` (0: once the tasks queued so far have run). */
export const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds; fails the test after `timeoutMs` (generous: the machine may be loaded). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await tick(5);
  }
}
