/**
 * The bodies of Crisp's people profile routes: `{email, person: {nickname}, segments}`, other fields of Crisp's
 * profile ignored. POST needs the email; PATCH merges what it gives; PUT replaces the whole profile. Pure.
 */
import { preview } from "../../protocol/preview.js";
import { checkSegments, describeSegmentProblem, MAX_SEGMENTS } from "../../protocol/segments.js";
import { type Body, field } from "../http/parse-body.js";
import type { ContactPatch, NewContact } from "../storage/team-store.js";
import { accept, type Checked, refuse } from "./checked.js";
import { checkEmail, withoutNul } from "./text-rules.js";

interface Profile {
  email?: string;
  nickname?: string;
  segments?: string[];
}

function readProfile(body: Body): Checked<Profile> {
  const profile: Profile = {};
  if (field(body, "email") !== undefined) {
    const email = checkEmail(field(body, "email"), "email");
    if (!email.ok) return email;
    profile.email = email.value;
  }
  const person = field(body, "person");
  if (person !== undefined && (typeof person !== "object" || person === null || Array.isArray(person))) {
    return refuse("invalid_request", `person is ${preview(person)}; expected an object such as {"nickname": "Jane"}`);
  }
  const nickname = person === undefined ? undefined : field(person as Body, "nickname");
  if (nickname !== undefined) {
    const text = typeof nickname === "string" ? withoutNul(nickname, "person.nickname") : undefined;
    if (text === undefined)
      return refuse("invalid_request", `person.nickname is ${preview(nickname)}; expected a string`);
    if (!text.ok) return text;
    profile.nickname = text.value;
  }
  const segments = field(body, "segments");
  if (segments !== undefined) {
    const checked = checkSegments(segments, MAX_SEGMENTS);
    if (!checked.ok) return refuse("invalid_segments", describeSegmentProblem(checked.problem, "segments"));
    profile.segments = checked.segments;
  }
  return accept(profile);
}

const NO_EMAIL = 'email is missing; a profile needs one, e.g. {"email": "jane@example.com"}';

/** POST /people/profile. */
export function parseNewContact(body: Body): Checked<NewContact> {
  const profile = readProfile(body);
  if (!profile.ok) return profile;
  const { email, nickname, segments } = profile.value;
  return email === undefined ? refuse("invalid_request", NO_EMAIL) : accept({ email, nickname, segments });
}

/** PATCH (merge: absent fields stay) or PUT (replace: absent nickname and segments are emptied). */
export function parseContactPatch(body: Body, mode: "merge" | "replace"): Checked<ContactPatch> {
  const profile = readProfile(body);
  if (!profile.ok) return profile;
  const { email, nickname, segments } = profile.value;
  if (mode === "merge") {
    return accept({ email, nickname, segments: segments && { overwrite: true, segments } });
  }
  if (email === undefined) return refuse("invalid_request", NO_EMAIL);
  return accept({ email, nickname: nickname ?? "", segments: { overwrite: true, segments: segments ?? [] } });
}
