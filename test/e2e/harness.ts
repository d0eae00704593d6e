/**
 * What the browser tests run against: real Chromium (Debian's, never a download), the script-tag build made fresh
 * from src/ by the global setup (fresh-build.ts), and the reference service from src/, behind a fault injector
 * that can answer errors, hang up, or be slow.
 */
import { expect, inject } from "vitest";
import { createMemoryStore, createSegmentsHandler } from "../../src/server";
import { snippetPage as anySnippetPage, type SnippetOptions, waitFor } from "../support/browser.mjs";
import { type FaultService, startFaultService } from "../support/fault-service.mjs";

export { launchChromium, NO_SDK_PAGE, waitFor } from "../support/browser.mjs";

export const WEBSITE = "e2e-website";

export interface TestService extends FaultService {
  segments(sessionId: string): Promise<string[]>;
  /** Replaces a session's list at the service, as an operator does. */
  edit(sessionId: string, segments: string[]): Promise<void>;
}

/** The service, its memory store, and the fresh build; by default it allows only its own origin. */
export async function startTestService(options: { origins?: string[] } = {}): Promise<TestService> {
  const store = createMemoryStore();
  const service = await startFaultService({
    script: inject("sdkScript"),
    createHandler: (url) =>
      createSegmentsHandler({
        websites: { [WEBSITE]: { origins: options.origins ?? [url] } },
        store,
        rateLimit: { perSession: false, perAddress: false },
      }),
  });
  return {
    ...service,
    segments: async (sessionId) => (await store.get(WEBSITE, sessionId)).segments,
    edit: async (sessionId, segments) => void (await store.edit(WEBSITE, sessionId, { overwrite: true, segments })),
  };
}

/** The classic snippet page for this suite's website. */
export const snippetPage = (options: Omit<SnippetOptions, "website"> = {}): string =>
  anySnippetPage({ website: WEBSITE, ...options });

/**
 * Waits until `read()` gives exactly `expected`, then asserts it, so that a missing, extra or repeated segment
 * fails with a diff rather than a timeout. `unordered`: compare sorted copies (tabs racing decide the order).
 */
export async function expectList(
  read: () => Promise<string[]>,
  expected: string[],
  options: { unordered?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const shape = (list: string[]) => (options.unordered ? [...list].sort() : list);
  const want = JSON.stringify(shape(expected));
  let last: string[] = [];
  await waitFor(
    `the list ${want}`,
    async () => JSON.stringify((last = shape(await read()))) === want,
    options.timeoutMs ?? 10_000,
  ).catch(() => undefined);
  expect(last).toEqual(shape(expected));
}
