import type { Answer, Transport } from "./transport.js";
/**
 * The read of a session on load. Its first failed attempt lets the page go on with the cached list (the promise
 * resolves and `onLoaded` is told); the read keeps trying meanwhile, and `onAnswer` still hears its answer.
 */
export declare function loadSession(transport: Transport, sessionId: string, signal: AbortSignal, onAnswer: (answer: Answer) => void, onLoaded: (sessionId: string) => void): Promise<void>;
