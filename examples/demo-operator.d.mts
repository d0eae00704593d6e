// Types of demo-operator.mjs, for its tests.
import type { DemoOperator } from "./demo-server.mjs";

export const OPERATOR_FILE: string;
export function demoOperator(options: {
  operator?: { identifier: string; key: string };
  dataDir: string;
}): DemoOperator;
export function operatorLines(operator: DemoOperator, url: string, websiteId: string): string[];
