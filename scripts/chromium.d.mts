export type ChromiumPlan = { action: "use"; path: string } | { action: "install" | "fail"; message: string };
export function chromiumPlan(facts: {
  path: string;
  exists: boolean;
  isRoot: boolean;
  hasAptGet: boolean;
}): ChromiumPlan;
export function ensureChromium(): string | undefined;
