/** The service's rules for changing a stored session, pure, shared by every store. */
import { applyChange, type Change } from "../../protocol/change.js";
import { MAX_SEGMENTS } from "../../protocol/segments.js";
import type { ChangeResult, EditResult, SessionState } from "./segments-store.js";

/** A session the service has never seen. */
export function emptySession(): SessionState {
  return { segments: [], revision: 0 };
}

/** What an SDK change does to `current`; `next` is what to store, absent when nothing is. */
export function decideChange(
  current: SessionState,
  revision: number,
  change: Change,
): { result: ChangeResult; next?: SessionState } {
  // A revision not above the stored one is a repeat or a late copy of a change already applied.
  if (revision <= current.revision) return { result: { reason: "stale", ...copy(current) } };
  const segments = applyChange(current.segments, change);
  if (segments.length > MAX_SEGMENTS) return { result: { reason: "too_many", ...copy(current) } };
  const next = { segments, revision };
  return { result: { reason: "updated", ...copy(next) }, next };
}

/** What an operator edit does to `current`: the list changes, the revision stays the SDK's. */
export function decideEdit(current: SessionState, change: Change): { result: EditResult; next?: SessionState } {
  const segments = applyChange(current.segments, change);
  if (segments.length > MAX_SEGMENTS) return { result: { reason: "too_many", ...copy(current) } };
  const next = { segments, revision: current.revision };
  return { result: { reason: "updated", ...copy(next) }, next };
}

function copy(state: SessionState): SessionState {
  return { segments: state.segments.slice(), revision: state.revision };
}
