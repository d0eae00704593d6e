import type { ConversationMeta, SegmentsEdit, SegmentsFilter } from "./types.js";
export declare function websiteIdArg(value: unknown): string;
export declare function sessionIdArg(value: unknown, name?: string): string;
export declare function peopleIdArg(value: unknown, name?: string): string;
/** The list normalised (NFC, trimmed, duplicates dropped) as the service would store it. */
export declare function segmentsArg(value: unknown, name?: string, max?: number): string[];
/** What to remove never lands in the list, so it has no cap. */
export declare function removalArg(value: unknown, name?: string): string[];
export interface CheckedEdit {
    add: string[];
    remove: string[];
}
export declare function editArg(value: SegmentsEdit): CheckedEdit;
export declare function metaArg(value: unknown): ConversationMeta;
export declare function emailArg(value: unknown): string;
export declare function optionalString(value: unknown, name: string): string | undefined;
export declare function pageArg(value: unknown): number;
export declare function perPageArg(value?: unknown): number;
export declare function filterArg(value: SegmentsFilter): {
    segments: string[];
    match: "all" | "any";
};
/** A batch's targets: 1 to the service's limit of ids, each checked by `check`. */
export declare function idsArg(value: unknown, name: string, check: (id: unknown, name: string) => string): string[];
/** A batch's segments: at least one, as the service wants something to add. */
export declare function batchSegmentsArg(value: unknown): string[];
