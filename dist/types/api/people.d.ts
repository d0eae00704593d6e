import type { Http } from "./http.js";
import type { Contact, NewPeopleProfile, PeopleExportOptions, PeopleListOptions, PeopleProfileUpdate, SegmentCount, SegmentsEdit } from "./types.js";
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
export declare function peopleApi(http: Http): PeopleApi;
