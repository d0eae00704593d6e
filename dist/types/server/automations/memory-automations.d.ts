import type { AutomationsStore, SegmentsRecorder } from "./automations-store.js";
export declare function createMemoryAutomations(now: () => number): AutomationsStore & SegmentsRecorder;
