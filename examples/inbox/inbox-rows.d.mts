// Types of inbox-rows.mjs, for its tests.
export interface Row {
  id: string;
  name: string;
  email: string;
  label: string;
  segments: string[];
  updatedAt: number;
}
export interface LiveChange {
  kind: "conversations" | "contacts";
  id: string;
  segments: string[];
  updatedAt: number;
  deleted: boolean;
}
export type Outcome = "moved" | "removed" | "wanted" | "ignored";

export function shortSessionId(sessionId: string): string;
export function conversationRow(item: {
  session_id: string;
  segments?: string[];
  updated_at?: number;
  meta?: { nickname?: string; email?: string; segments?: string[] };
}): Row;
export function contactRow(profile: {
  people_id: string;
  email?: string;
  person?: { nickname?: string };
  segments?: string[];
  updated_at?: number;
}): Row;
export function liveChange(message: { event: string; data: string }): LiveChange | undefined;
export function applyLiveChange(
  rows: readonly Row[],
  change: LiveChange,
  passes: (segments: readonly string[]) => boolean,
): { outcome: Outcome; rows: Row[] };
export function putFirst(rows: readonly Row[], row: Row): Row[];
export function withSegments(rows: readonly Row[], id: string, segments: string[]): Row[];
