import type { Answer, Transport } from "./transport.js";

/**
 * The read of a session on load. Its first failed attempt lets the page go on with the cached list (the promise
 * resolves and `onLoaded` is told); the read keeps trying meanwhile, and `onAnswer` still hears its answer.
 */
export function loadSession(
  transport: Transport,
  sessionId: string,
  signal: AbortSignal,
  onAnswer: (answer: Answer) => void,
  onLoaded: (sessionId: string) => void,
): Promise<void> {
  return new Promise<void>((settled) => {
    let announced = false;
    const announce = (): void => {
      if (!announced) {
        announced = true;
        onLoaded(sessionId);
      }
      settled();
    };
    void transport.read(sessionId, { signal, onRetry: announce }).then((answer) => {
      onAnswer(answer);
      announce();
    });
  });
}
