/** A tiny typed event emitter whose listeners can never break the SDK. */
export declare class Emitter<Events extends {
    [K in keyof Events]: unknown;
}> {
    #private;
    private readonly onListenerError;
    constructor(onListenerError: (error: unknown, event: keyof Events) => void);
    on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void;
    /** Removes one listener, or every listener of the event when none is given. */
    off<E extends keyof Events>(event: E, listener?: (payload: Events[E]) => void): void;
    emit<E extends keyof Events>(event: E, payload: Events[E]): void;
}
