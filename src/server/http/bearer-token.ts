/** The operators' REST routes' credentials: `Authorization: Bearer <token>`, compared in constant time. */

export function hasBearerToken(header: string | undefined, token: string): boolean {
  // The scheme is case-insensitive (RFC 9110, section 11.1).
  const given = header?.match(/^Bearer +(.+)$/i)?.[1];
  return given !== undefined && sameText(given, token);
}

/** Compares in time that depends on the expected token's length only, not on where the first difference is. */
function sameText(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) {
    // Past the end of `given`, charCodeAt is NaN, which `^` reads as 0: the loop always runs the expected length.
    difference |= expected.charCodeAt(index) ^ given.charCodeAt(index);
  }
  return difference === 0;
}
