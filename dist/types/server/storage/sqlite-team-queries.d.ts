/** The SQLite store's team statements, each prepared once; what to write is decided in team-rules.ts. */
import type Database from "better-sqlite3";
import type { Contact, ContactQuery, Conversation, ConversationMeta, ConversationQuery, PageQuery, SegmentCount } from "./team-store.js";
export declare function teamQueries(db: Database.Database): {
    conversations(websiteId: string, query: ConversationQuery): Conversation[];
    contacts(websiteId: string, query: ContactQuery): Contact[];
    suggest(websiteId: string, of: "conversations" | "contacts", page: PageQuery): SegmentCount[];
    contact(websiteId: string, peopleId: string): Contact | undefined;
    holder(websiteId: string, email: string | undefined): string | undefined;
    putContact(websiteId: string, c: Contact): void;
    deleteContact(websiteId: string, peopleId: string): boolean;
    meta(websiteId: string, sessionId: string): ConversationMeta;
    putMeta(websiteId: string, sessionId: string, value: ConversationMeta, at: number): void;
    owner(websiteId: string, sessionId: string): string | undefined;
};
export type TeamQueries = ReturnType<typeof teamQueries>;
