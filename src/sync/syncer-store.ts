import type { RefusedChange, ServiceState, SessionRecord } from "../session/record.js";

/** What the syncer may call of the session store (`session/store.ts`). */
export interface SyncerStore {
  readonly sessionId: string;
  /** Only the leader tab sends. */
  readonly leader: boolean;
  subscribe(listener: () => void): () => void;
  onLeader(listener: () => void): void;
  onRefusal(listener: (refusal: RefusedChange) => void): void;
  loadRead(sessionId: string, state: ServiceState): void;
  savePending(): void;
  sessionsWithWork(): string[];
  record(sessionId: string): SessionRecord;
  update<T>(sessionId: string, change: (record: SessionRecord) => [SessionRecord, T]): T;
  idle(): boolean;
}
