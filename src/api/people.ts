/** `api.people`: contacts (people profiles) with their segments, the filtered list and its CSV export. */
import {
  type CheckedEdit,
  editArg,
  emailArg,
  filterArg,
  optionalString,
  pageArg,
  peopleIdArg,
  perPageArg,
  removalArg,
  segmentsArg,
  websiteIdArg,
} from "./arguments.js";
import { contacts, editedSegments, nothing, oneContact, peopleId, segmentCounts } from "./decode.js";
import type { Http } from "./http.js";
import { walkPages, withCursor } from "./paging.js";
import { paths } from "./paths.js";
import { peopleSearch } from "./search.js";
import type {
  Contact,
  NewPeopleProfile,
  PeopleExportOptions,
  PeopleListOptions,
  PeopleProfileUpdate,
  SegmentCount,
  SegmentsEdit,
} from "./types.js";

export interface PeopleApi {
  /** Creates a contact; resolves its `people_id`. Never retried (see README): an email taken rejects `people_exists`. */
  create(websiteId: string, profile: NewPeopleProfile): Promise<string>;
  get(websiteId: string, peopleId: string): Promise<Contact>;
  /** Merges the fields given; `segments`, when given, replaces the list. */
  update(websiteId: string, peopleId: string, update: PeopleProfileUpdate): Promise<void>;
  delete(websiteId: string, peopleId: string): Promise<void>;
  getSegments(websiteId: string, peopleId: string): Promise<string[]>;
  /** Replaces the list; resolves it as stored (normalised, without duplicates). */
  setSegments(websiteId: string, peopleId: string, segments: string[]): Promise<string[]>;
  /** Adds and removes in one atomic edit; resolves the list it left. */
  editSegments(websiteId: string, peopleId: string, edit: SegmentsEdit): Promise<string[]>;
  addSegments(websiteId: string, peopleId: string, segments: string[]): Promise<string[]>;
  removeSegments(websiteId: string, peopleId: string, segments: string[]): Promise<string[]>;
  /** Every contact the filter keeps, most recently changed first, fetched a page at a time as you read. */
  list(websiteId: string, options?: PeopleListOptions): AsyncGenerator<Contact, void, undefined>;
  /** The whole filtered list as CSV (`people_id,email,nickname,segments,created_at,updated_at`), for a mailer. */
  exportCsv(websiteId: string, options?: PeopleExportOptions): Promise<string>;
  /** One page (20 rows) of the segments in use on contacts, each with its count, most used first. */
  suggestSegments(websiteId: string, page?: number): Promise<SegmentCount[]>;
}

/** The body of a create or an update: the fields given, in the REST API's shape. */
function profileBody(profile: PeopleProfileUpdate): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (profile.email !== undefined) body.email = emailArg(profile.email);
  const nickname = optionalString(profile.nickname, "nickname");
  if (nickname !== undefined) body.person = { nickname };
  if (profile.segments !== undefined) body.segments = segmentsArg(profile.segments);
  return body;
}

/** The list's query string, its arguments checked; without `perPage` for the CSV export, which answers all. */
function listSearch(options: PeopleListOptions, perPage?: number): URLSearchParams {
  return peopleSearch({ ...filterArg(options), perPage, text: optionalString(options.text, "text") });
}

// Not async: a bad argument throws where `list` is called, before the first page is asked for.
function listPeople(http: Http, websiteId: string, options: PeopleListOptions = {}) {
  const website = websiteIdArg(websiteId);
  const perPage = perPageArg(options.perPage);
  const searchParams = listSearch(options, perPage);
  const page = (number: number, cursor: string | undefined) =>
    http.page(
      { method: "GET", path: paths.profiles(website, number), searchParams: withCursor(searchParams, cursor) },
      contacts,
    );
  return walkPages(page, perPage);
}

/** The atomic edit, its lists already checked. */
async function editSegments(http: Http, websiteId: string, id: string, checked: CheckedEdit): Promise<string[]> {
  const path = paths.profileSegments(websiteIdArg(websiteId), peopleIdArg(id));
  return http.data({ method: "PATCH", path, json: checked }, editedSegments);
}

export function peopleApi(http: Http): PeopleApi {
  const profilePath = (websiteId: string, id: string) => paths.profile(websiteIdArg(websiteId), peopleIdArg(id));
  const edit = (websiteId: string, id: string, checked: CheckedEdit) => editSegments(http, websiteId, id, checked);

  async function get(websiteId: string, id: string): Promise<Contact> {
    return http.data({ method: "GET", path: profilePath(websiteId, id) }, oneContact);
  }

  async function update(websiteId: string, id: string, changes: PeopleProfileUpdate): Promise<void> {
    const path = profilePath(websiteId, id);
    return http.data({ method: "PATCH", path, json: profileBody(changes) }, nothing);
  }

  return {
    async create(websiteId, profile) {
      const path = paths.newProfile(websiteIdArg(websiteId));
      const json = profileBody({ ...profile, email: emailArg(profile?.email) });
      return http.data({ method: "POST", path, json }, peopleId);
    },
    get,
    update,
    async delete(websiteId, id) {
      return http.data({ method: "DELETE", path: profilePath(websiteId, id) }, nothing);
    },
    getSegments: async (websiteId, id) => (await get(websiteId, id)).segments,
    async setSegments(websiteId, id, segments) {
      const list = segmentsArg(segments);
      await update(websiteId, id, { segments: list });
      return list;
    },
    editSegments: async (websiteId, id, changes) => edit(websiteId, id, editArg(changes)),
    addSegments: async (websiteId, id, segments) => edit(websiteId, id, { add: segmentsArg(segments), remove: [] }),
    removeSegments: async (websiteId, id, segments) => edit(websiteId, id, { add: [], remove: removalArg(segments) }),
    list: (websiteId, options) => listPeople(http, websiteId, options),
    async exportCsv(websiteId, options = {}) {
      const path = paths.profiles(websiteIdArg(websiteId), 1);
      return http.csv({ method: "GET", path, searchParams: listSearch(options) });
    },
    async suggestSegments(websiteId, page = 1) {
      const path = paths.peopleSuggestions(websiteIdArg(websiteId), pageArg(page));
      return http.data({ method: "GET", path }, segmentCounts);
    },
  };
}
