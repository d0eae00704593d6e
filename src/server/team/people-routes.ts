/**
 * Contacts (Crisp's people profiles): add, get, update (PATCH merges, PUT replaces), remove, and our atomic segment
 * edit. One email per website: a second contact with it is refused (409) and the message names both.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { preview } from "../../protocol/preview.js";
import { MAX_SEGMENTS } from "../../protocol/segments.js";
import type { SegmentsEnv } from "../http/options.js";
import type { Body } from "../http/parse-body.js";
import { failure, success } from "../http/responses.js";
import type { Contact, ContactPatch, ContactResult } from "../storage/team-store.js";
import { answerRefusal, type Checked } from "./checked.js";
import { MAX_WRITE_BYTES, readJsonObject } from "./json-body.js";
import { parseContactPatch, parseNewContact } from "./people-body.js";
import { isPeopleId, PEOPLE_ID_RULE } from "./people-id.js";
import { addRoute, type TeamContext } from "./route-table.js";
import { parseSegmentEdit } from "./segment-edit-body.js";
import type { TeamConfig } from "./team-config.js";
import type { TeamPaths } from "./team-paths.js";
import { contactWire } from "./wire.js";

type ContactHandler = (c: TeamContext, websiteId: string, peopleId: string) => Promise<Response>;

/** Runs `handler` for a well-formed people id, or answers 400. */
const forContact =
  (handler: ContactHandler) =>
  async (c: TeamContext): Promise<Response> => {
    const peopleId = c.req.param("people") ?? "";
    if (!isPeopleId(peopleId)) {
      return failure(c, "invalid_request", `the people_id is ${preview(peopleId)}; expected ${PEOPLE_ID_RULE}`);
    }
    return handler(c, c.req.param("website") ?? "", peopleId);
  };

/** The request's body through `parse`, or the refusal of either. */
async function readAs<T>(c: TeamContext, parse: (body: Body) => Checked<T>): Promise<Checked<T>> {
  const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
  return body.ok ? parse(body.value) : body;
}

const NOT_FOUND = "no contact of this website has that people_id";

/** The answer to a contact write: `stored`'s when it was stored, else the refusal that says why not. */
function answerWrite(
  c: TeamContext,
  result: ContactResult,
  email: string | undefined,
  stored: (contact: Contact) => Response,
): Response {
  switch (result.reason) {
    case "updated":
      return stored(result.contact);
    case "not_found":
      return failure(c, "people_not_found", NOT_FOUND);
    case "email_taken": {
      const message = `email ${preview(email)} is contact ${result.peopleId}'s already: update that contact instead`;
      return failure(c, "people_exists", message);
    }
    case "too_many":
      return failure(
        c,
        "invalid_segments",
        `the contact would have more than ${MAX_SEGMENTS} segments; nothing changed`,
      );
  }
}

export function addPeopleRoutes(
  app: Hono<SegmentsEnv>,
  { store }: TeamConfig,
  paths: TeamPaths,
  guard: MiddlewareHandler<SegmentsEnv>,
): void {
  const update = (patch: (body: Body) => Checked<ContactPatch>) =>
    forContact(async (c, websiteId, peopleId) => {
      const parsed = await readAs(c, patch);
      if (!parsed.ok) return answerRefusal(c, parsed);
      const result = await store.updateContact(websiteId, peopleId, parsed.value);
      return answerWrite(c, result, parsed.value.email, () => success(c, "updated", {}));
    });

  addRoute(app, paths.newProfile, guard, {
    POST: async (c) => {
      const parsed = await readAs(c, parseNewContact);
      if (!parsed.ok) return answerRefusal(c, parsed);
      const result = await store.createContact(c.req.param("website") ?? "", parsed.value);
      return answerWrite(c, result, parsed.value.email, (contact) =>
        success(c, "added", { people_id: contact.peopleId }),
      );
    },
  });

  addRoute(app, paths.profile, guard, {
    GET: forContact(async (c, websiteId, peopleId) => {
      const contact = await store.getContact(websiteId, peopleId);
      if (contact === undefined) return failure(c, "people_not_found", NOT_FOUND);
      return success(c, "resolved", contactWire(contact));
    }),
    PATCH: update((body) => parseContactPatch(body, "merge")),
    PUT: update((body) => parseContactPatch(body, "replace")),
    DELETE: forContact(async (c, websiteId, peopleId) => {
      if (await store.deleteContact(websiteId, peopleId)) return success(c, "deleted", {});
      return failure(c, "people_not_found", NOT_FOUND);
    }),
  });

  addRoute(app, paths.profileSegments, guard, {
    PATCH: forContact(async (c, websiteId, peopleId) => {
      const change = await readAs(c, parseSegmentEdit);
      if (!change.ok) return answerRefusal(c, change);
      const result = await store.updateContact(websiteId, peopleId, { segments: change.value });
      return answerWrite(c, result, undefined, (contact) => success(c, "updated", { segments: contact.segments }));
    }),
  });
}
