/**
 * The answers' `data`, checked against the REST API's shapes and renamed to the client's (snake_case on the wire,
 * camelCase here). A shape that does not match throws ResponseShapeError, which the call reports as
 * `invalid_response`: the types the client promises are the types it hands over.
 */
import { readMeta } from "../server/storage/team-rules.js";
import { ResponseShapeError } from "./errors.js";
import type {
  BatchResult,
  Contact,
  Conversation,
  ConversationMeta,
  ConversationMetaWithSegments,
  SegmentCount,
} from "./types.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function wrong(where: string, expected: string): never {
  throw new ResponseShapeError(`the answer's ${where} is not ${expected}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  return isRecord(value) ? value : wrong(where, "an object");
}

function string(value: unknown, where: string): string {
  return typeof value === "string" ? value : wrong(where, "a string");
}

function time(value: unknown, where: string): number {
  return typeof value === "number" && Number.isFinite(value) ? value : wrong(where, "a time in ms");
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) wrong(where, "a list of strings");
  return value;
}

function list<T>(value: unknown, where: string, item: (value: unknown, where: string) => T): T[] {
  if (!Array.isArray(value)) wrong(where, "a list");
  return value.map((entry, index) => item(entry, `${where}[${index}]`));
}

/** The meta fields the service keeps (its own rule, team-rules' readMeta), without anything else. */
function meta(value: unknown, where: string): ConversationMeta {
  const check = readMeta(value);
  return check.ok ? check.meta : wrong(`${where}.${check.field}`, check.expected);
}

export function metaWithSegments(data: unknown): ConversationMetaWithSegments {
  return { ...meta(data, "data"), segments: strings(record(data, "data").segments, "data.segments") };
}

function conversation(value: unknown, where: string): Conversation {
  const row = record(value, where);
  const read: Conversation = {
    sessionId: string(row.session_id, `${where}.session_id`),
    websiteId: string(row.website_id, `${where}.website_id`),
    segments: strings(row.segments, `${where}.segments`),
    meta: meta(row.meta ?? {}, `${where}.meta`),
    updatedAt: time(row.updated_at, `${where}.updated_at`),
  };
  if (row.created_at !== undefined) read.createdAt = time(row.created_at, `${where}.created_at`);
  return read;
}

export const conversations = (data: unknown): Conversation[] => list(data, "data", conversation);

function contact(value: unknown, where: string): Contact {
  const row = record(value, where);
  const person = row.person === undefined ? {} : record(row.person, `${where}.person`);
  return {
    peopleId: string(row.people_id, `${where}.people_id`),
    email: string(row.email, `${where}.email`),
    nickname: person.nickname === undefined ? "" : string(person.nickname, `${where}.person.nickname`),
    segments: strings(row.segments, `${where}.segments`),
    createdAt: time(row.created_at, `${where}.created_at`),
    updatedAt: time(row.updated_at, `${where}.updated_at`),
  };
}

export const oneContact = (data: unknown): Contact => contact(data, "data");
export const contacts = (data: unknown): Contact[] => list(data, "data", contact);

export const peopleId = (data: unknown): string => string(record(data, "data").people_id, "data.people_id");

/** The list an atomic edit left: `{ segments }`. */
export const editedSegments = (data: unknown): string[] => strings(record(data, "data").segments, "data.segments");

function segmentCount(value: unknown, where: string): SegmentCount {
  const row = record(value, where);
  const count = row.count;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0) wrong(`${where}.count`, "a count");
  return { segment: string(row.segment, `${where}.segment`), count };
}

export const segmentCounts = (data: unknown): SegmentCount[] => list(data, "data", segmentCount);

export function batchResult(data: unknown): BatchResult {
  const result = record(data, "data");
  return {
    updated: strings(result.updated, "data.updated"),
    notFound: strings(result.not_found, "data.not_found"),
    tooMany: strings(result.too_many, "data.too_many"),
  };
}

/** For calls whose answer carries nothing (`data: {}`): any data is fine. */
export const nothing = (): void => undefined;
