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
    /** Sends the call asking for CSV and resolves the body. */
    csv(call: Call): Promise<string>;
}
export declare function createHttp(config: ApiConfig): Http;
