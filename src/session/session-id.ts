/** Session ids as docs/protocol.md fixes them (see protocol/ids): `session_` and a lowercase UUID v4, unguessable. */

export function newSessionId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === "function") return `session_${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `session_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
