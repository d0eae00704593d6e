// Types of browser.mjs.
import type { Browser, BrowserContext, Page } from "playwright-core";

export function launchChromium(options?: { backForwardCache?: boolean }): Promise<Browser>;
export function snippetConfig(website: string, before?: string): string;
export interface SnippetOptions {
  website: string;
  /** Script run after the settings, before the SDK loads (commands queued early). */
  before?: string;
  /** The service's origin, when not the page's own; the script loads from there too. */
  endpoint?: string;
  /** Script at the end of the body. */
  after?: string;
  /** false: the same page without the SDK's script. */
  sdk?: boolean;
}
export function snippetPage(options: SnippetOptions): string;
export const NO_SDK_PAGE: string;
export function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs?: number,
  stepMs?: number,
): Promise<void>;
export function openLoaded(context: BrowserContext, url: string, timeoutMs?: number): Promise<Page>;
