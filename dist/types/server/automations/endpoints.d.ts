import { type EventName } from "./events.js";
export interface WebhookEndpoint {
    /** A UUID, made by the store. */
    endpointId: string;
    url: string;
    secret: string;
    /** The events it wants; empty: every event. */
    events: EventName[];
    /** Sent only when the change adds at least one of these; empty: whatever the change. */
    segments: string[];
    /** A disabled endpoint is sent nothing; its pending deliveries wait. */
    enabled: boolean;
    /** Why it was disabled by the service (`gone`: it answered 410); absent when enabled or disabled by hand. */
    disabledReason?: "gone";
    /** Milliseconds since the epoch. */
    createdAt: number;
}
/** What a caller gives to create an endpoint, checked by `checkEndpoint`. */
export interface NewEndpoint {
    url: string;
    /** Made by the store when absent. */
    secret?: string;
    events?: EventName[];
    segments?: string[];
    enabled?: boolean;
}
export type EndpointCheck = {
    ok: true;
    endpoint: NewEndpoint;
} | {
    ok: false;
    field: string;
    message: string;
};
export declare const MAX_URL_LENGTH = 2048;
export declare function newSecret(): string;
export declare function isSecret(value: unknown): value is string;
/** An endpoint as given (a request's body), checked field by field; unknown fields are dropped. */
export declare function checkEndpoint(value: unknown): EndpointCheck;
/** The stored form of a checked endpoint: its secret made when none was given. */
export declare function makeEndpoint(input: NewEndpoint, endpointId: string, now: number): WebhookEndpoint;
/** Whether `endpoint` wants an event named `event` that added `added`. */
export declare function wantsEvent(endpoint: Pick<WebhookEndpoint, "enabled" | "events" | "segments">, event: EventName, added: readonly string[]): boolean;
