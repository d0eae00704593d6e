/**
 * Refusals per tab: the leader records which tabs' commands a refused change held (as outbox sequence ranges); a
 * tab that does not lead finds, in the records, the refusals of its own commands.
 */
import type { RefusedChange, SessionRecord } from "../session/record.js";
export declare class RefusalWatch {
    #private;
    constructor(tabId: string);
    /** An outbox entry of this tab. */
    added({ sessionId, seq }: {
        sessionId: string;
        seq: number;
    }): void;
    /** The refusals not looked at before that held commands of this tab. */
    news(read: (sessionId: string) => SessionRecord): RefusedChange[];
}
