// Types of sse-parser.mjs, for its tests and the live connection.
export interface StreamEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export function createEventParser(
  onEvent: (event: StreamEvent) => void,
  onComment?: (comment: string) => void,
): { push(chunk: string): void };
