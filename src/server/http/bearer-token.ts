/** The operators' REST routes' credentials: `Authorization: Bearer <token>`, compared in constant time. */

export function hasBearerToken(header: string | undefined, token: string): boolean {
  // The scheme is case-insensitive (RFC 9110, section 11.1).
  const match = /^Bearer +(.+)$/i.exec(header ?? "");
  return match?.[1] !== undefined && sameText(match[1], token);
}

/** Compares in time that depends on the expected token's length only, not on where the first difference is. */
function sameText(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) {
    difference |= expected.charCodeAt(index) ^ (index < given.length ? given.charCodeAt(index) : 0);
  }
  return difference === 0;
}
