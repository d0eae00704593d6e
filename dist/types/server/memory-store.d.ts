import type { SegmentsStore } from "./store.js";
export declare function createMemoryStore(options?: {
    now?: () => number;
}): SegmentsStore;
