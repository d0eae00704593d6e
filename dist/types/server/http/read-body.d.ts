/** Reads a request body as UTF-8 text without ever holding more than the limit in memory. */
export type BodyText = {
    ok: true;
    text: string;
} | {
    ok: false;
    reason: "payload_too_large" | "invalid_json";
    message: string;
};
export declare function readBody(request: Request, maxBytes: number): Promise<BodyText>;
