/**
 * A request's URL naming a user (`GET http://user:pw@host/…`): Node's Request refuses to be built from one, so
 * the service refuses it first, as the client's mistake, with the 400 envelope.
 */
import { failureResponse } from "./responses.js";

/** Whether an absolute URL carries userinfo, read from its authority without parsing the whole URL. */
export function hasUserinfo(url: string): boolean {
  const start = url.indexOf("//") + 2;
  const end = url.indexOf("/", start);
  const at = url.indexOf("@", start);
  return at !== -1 && (end === -1 || at < end);
}

export function refuseUserinfo(): Response {
  return failureResponse("invalid_request", "the request's URL carries a user name; send the path alone");
}
