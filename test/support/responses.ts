/** The service's answers, for fakes of it. */

/** A refusal in the protocol's error envelope. */
export const failure = (status: number, reason = "refused", headers: Record<string, string> = {}): Response =>
  Response.json({ error: true, reason, data: { message: `because ${reason}` } }, { status, headers });

/** An acknowledgement carrying the session's list and revision. */
export const ok = (segments: string[] = ["a"], revision = 1): Response =>
  Response.json({ error: false, reason: "updated", data: { segments, revision } });
