import type { ContactQuery, ConversationQuery, ListQuery, PageQuery } from "../storage/team-store.js";
import { type Checked } from "./checked.js";
export declare const MIN_PER_PAGE = 20;
export declare const MAX_PER_PAGE = 50;
/** A query string's parameter by name (its first value). */
export type QueryParam = (name: string) => string | undefined;
export declare function pageQuery(page: string, param: QueryParam): Checked<PageQuery>;
/** A list's page: by number, or (our extension) the rows after a `cursor` a page before answered. */
export declare function listQuery(page: string, param: QueryParam): Checked<ListQuery>;
export declare function conversationQuery(page: string, param: QueryParam): Checked<ConversationQuery>;
export declare function contactQuery(page: string, param: QueryParam): Checked<ContactQuery>;
