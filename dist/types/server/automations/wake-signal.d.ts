/**
 * "Deliveries may be due", told in process: the memory and SQLite stores tell it when a write records deliveries
 * or a replay takes some back, and the delivery worker wakes. Told once per task however often it is raised,
 * after the task, so never inside the writer's transaction.
 */
export interface WakeSignal {
    subscribe(listener: () => void): Promise<() => Promise<void>>;
    tell(): void;
}
export declare function createWakeSignal(): WakeSignal;
