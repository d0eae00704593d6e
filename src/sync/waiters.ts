/** Promises given out to callers who wait for an outcome, settled all at once. */
export class Waiters<E> {
  #waiting: { resolve(): void; reject(error: E): void }[] = [];

  get any(): boolean {
    return this.#waiting.length > 0;
  }

  wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  resolve(): void {
    for (const waiter of this.#waiting.splice(0)) waiter.resolve();
  }

  reject(error: E): void {
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
  }
}
