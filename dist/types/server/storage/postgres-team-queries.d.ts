/** The PostgreSQL store's team statements, each one round trip; what to write is decided in team-rules.ts. */
import type postgres from "postgres";
import type { Contact, ContactQuery, Conversation, ConversationMeta, ConversationQuery, SegmentFilter, StoreChange } from "./team-store.js";
/**
 * Whether a list with this filter walks the segments' ordered entries (session_segments, contact_segments): any
 * filter of segments does ("all of" and "any of"); a list without one walks the rows' newest-first index.
 */
export declare function walksSegmentEntries(filter: SegmentFilter | undefined): filter is SegmentFilter;
export declare function teamQueries(sql: postgres.ISql, schema: string, channel: string): {
    conversations(websiteId: string, query: ConversationQuery): Promise<Conversation[]>;
    contacts(websiteId: string, query: ContactQuery): Promise<Contact[]>;
    contact(websiteId: string, peopleId: string, lock?: boolean): Promise<Contact | undefined>;
    lockContacts(websiteId: string, peopleIds: string[]): Promise<void>;
    holder(websiteId: string, email: string | undefined): Promise<string | undefined>;
    putContact(websiteId: string, c: Contact): Promise<void>;
    deleteContact(websiteId: string, peopleId: string): Promise<boolean>;
    /** Told when the transaction commits, in commit order. */
    notify(change: StoreChange): Promise<void>;
    /** Locked until the transaction ends when `lock` (inside one). */
    meta(websiteId: string, sessionId: string, lock?: boolean): Promise<ConversationMeta>;
    /**
     * team-rules' mergeMeta in one statement (jsonb `||` merges top-level fields), so that racing merges both land.
     * A conversation given a meta before any segment gets a session row too, so that the list shows it: no
     * segments, revision 0 and version 0, which is how a session never written reads and is written over.
     */
    mergeMeta(websiteId: string, sessionId: string, patch: ConversationMeta, at: number): Promise<ConversationMeta>;
    /** Locked until the transaction ends when `lock` (inside one). */
    owner(websiteId: string, sessionId: string): Promise<Contact | undefined>;
};
export type TeamQueries = ReturnType<typeof teamQueries>;
