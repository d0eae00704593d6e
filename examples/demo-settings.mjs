// The demo's settings, read from the environment once, each checked with a one-line error that names the bad
// value and the fix. Pure: the README's table of variables and the tests follow this file.
import { resolve } from "node:path";
import { isSecret } from "../dist/server.mjs";

const WEBSITE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MIN_KEY_LENGTH = 16;
// The user name of HTTP Basic auth: no colon, no spaces.
const IDENTIFIER = /^[\x21-\x39\x3b-\x7e]{1,128}$/;

const list = (value) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

function port(value) {
  if (value === undefined) return 8787;
  // 0 asks the system for a free port, as the tests do; an empty PORT= is a mistake, not a request for one.
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) {
    const shown = value === "" ? "empty" : `"${value}"`;
    throw new Error(`PORT is ${shown}: set it to a port number from 1 to 65535, or unset it for 8787`);
  }
  return Number(value);
}

function websites(value) {
  const ids = list(value ?? "demo-website");
  const bad = ids.find((id) => !WEBSITE_ID.test(id));
  if (bad !== undefined) {
    throw new Error(`SEGMENTS_WEBSITES has "${bad}": a website id is 1 to 64 of A-Z a-z 0-9 _ -`);
  }
  if (ids.length === 0) throw new Error("SEGMENTS_WEBSITES is empty: name at least one website id, e.g. demo-website");
  return ids;
}

function origins(value) {
  return list(value).map((origin) => {
    if (origin === "*") return origin;
    let parsed;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, "")) {
      throw new Error(
        `SEGMENTS_ORIGINS has "${origin}": an origin is scheme://host[:port], e.g. http://localhost:3000, or *`,
      );
    }
    return parsed.origin;
  });
}

function hosts(value) {
  return list(value).map((host) => {
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
      throw new Error(`SEGMENTS_HOSTS has "${host}": a host is a name with an optional port, e.g. demo.test:8080`);
    }
    return host.toLowerCase();
  });
}

/** Both or neither: with neither, the demo makes a pair at first start (demo-operator.mjs). */
function operator(identifier, key) {
  if (!identifier && !key) return undefined;
  if (!identifier)
    throw new Error("SEGMENTS_OPERATOR_KEY is set without SEGMENTS_OPERATOR_IDENTIFIER: set both, or neither");
  if (!key) throw new Error("SEGMENTS_OPERATOR_IDENTIFIER is set without SEGMENTS_OPERATOR_KEY: set both, or neither");
  if (!IDENTIFIER.test(identifier)) {
    throw new Error(
      `SEGMENTS_OPERATOR_IDENTIFIER is "${identifier}": use 1 to 128 printable ASCII characters without ":" or spaces`,
    );
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new Error(
      `SEGMENTS_OPERATOR_KEY is ${key.length} characters long: use at least ${MIN_KEY_LENGTH}, e.g. $(openssl rand -hex 16)`,
    );
  }
  return { identifier, key };
}

/** The URL alone (a secret is then made and printed), both, or neither; the secret in the Standard Webhooks form. */
function webhook(url, secret) {
  if (!url && !secret) return undefined;
  if (!url) {
    throw new Error("SEGMENTS_WEBHOOK_SECRET is set without SEGMENTS_WEBHOOK_URL: set the URL to send to, or unset it");
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`SEGMENTS_WEBHOOK_URL is "${url}": use an http:// or https:// URL, e.g. http://127.0.0.1:8790/`);
  }
  if (secret && !isSecret(secret)) {
    throw new Error(
      "SEGMENTS_WEBHOOK_SECRET is not whsec_ and the base64 of 24 to 64 bytes: e.g. whsec_$(openssl rand -base64 32), or unset it to have one made",
    );
  }
  return { url, ...(secret ? { secret } : {}) };
}

/** The demo's options from `env`; throws an Error whose message is the one line to print. */
export function settingsFromEnv(env) {
  return {
    port: port(env.PORT),
    host: env.HOST || "127.0.0.1",
    dataDir: env.SEGMENTS_DATA_DIR ? resolve(env.SEGMENTS_DATA_DIR) : undefined,
    websites: websites(env.SEGMENTS_WEBSITES),
    origins: origins(env.SEGMENTS_ORIGINS),
    hosts: hosts(env.SEGMENTS_HOSTS),
    operator: operator(env.SEGMENTS_OPERATOR_IDENTIFIER, env.SEGMENTS_OPERATOR_KEY),
    webhook: webhook(env.SEGMENTS_WEBHOOK_URL, env.SEGMENTS_WEBHOOK_SECRET),
    store: env.SEGMENTS_STORE || undefined,
    databaseUrl: env.DATABASE_URL,
    databaseSchema: env.SEGMENTS_DB_SCHEMA,
  };
}
