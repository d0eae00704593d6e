import type { ContactQuery, ConversationQuery, PageQuery } from "../storage/team-store.js";
import { type Checked } from "./checked.js";
export declare const MIN_PER_PAGE = 20;
export declare const MAX_PER_PAGE = 50;
/** A query string's parameter by name (its first value). */
export type QueryParam = (name: string) => string | undefined;
export declare function pageQuery(page: string, param: QueryParam): Checked<PageQuery>;
export declare function conversationQuery(page: string, param: QueryParam): Checked<ConversationQuery>;
export declare function contactQuery(page: string, param: QueryParam): Checked<ContactQuery>;
