/**
 * Refusals per tab: the leader records which tabs' commands a refused change held (as outbox sequence ranges); a
 * tab that does not lead finds, in the records, the refusals of its own commands.
 */
import type { RefusedChange, SessionRecord } from "../session/record.js";

export class RefusalWatch {
  readonly #tabId: string;
  /** Every outbox entry this tab made, by session. */
  readonly #added = new Map<string, number[]>();
  /** Per session, the revision of the last refusal this tab has looked at. */
  readonly #seen = new Map<string, number>();

  constructor(tabId: string) {
    this.#tabId = tabId;
  }

  /** An outbox entry of this tab. */
  added({ sessionId, seq }: { sessionId: string; seq: number }): void {
    const seqs = this.#added.get(sessionId) ?? [];
    seqs.push(seq);
    this.#added.set(sessionId, seqs);
  }

  /** The refusals not looked at before that held commands of this tab. */
  news(read: (sessionId: string) => SessionRecord): RefusedChange[] {
    const found: RefusedChange[] = [];
    for (const [sessionId, seqs] of this.#added) {
      const refusal = read(sessionId).refusal;
      if (!refusal || refusal.revision <= (this.#seen.get(sessionId) ?? 0)) continue;
      this.#seen.set(sessionId, refusal.revision);
      const from = refusal.from[this.#tabId] ?? 0;
      const to = refusal.to[this.#tabId] ?? 0;
      if (seqs.some((seq) => seq > from && seq <= to)) found.push(refusal);
    }
    return found;
  }
}
