import type { SegmentsStore } from "./store";
export declare function createMemoryStore(options?: {
    now?: () => number;
}): SegmentsStore;
