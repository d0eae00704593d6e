import type { ApiConfig } from "./options.js";
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export interface Call {
    method: Method;
    /** Relative to the base URL, ids already encoded, e.g. "v1/website/w1/people/profile". */
    path: string;
    json?: unknown;
    searchParams?: URLSearchParams;
}
export interface Http {
    /** Sends the call and resolves the answer's envelope `data`, checked and typed by `decode`. */
    data<T>(call: Call, decode: (data: unknown) => T): Promise<T>;
    /** As `data`, with the cursor of the page that follows when the service answered one (X-Next-Cursor). */
    page<T>(call: Call, decode: (data: unknown) => T): Promise<{
        data: T;
        next: string | undefined;
    }>;
    /** Sends the call asking for CSV and resolves the body. */
    csv(call: Call): Promise<string>;
}
export declare function createHttp(config: ApiConfig): Http;
