// @vitest-environment node
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningDemo, startDemo } from "../../examples/demo-server.mjs";
import { OTHER_SESSION, rawRequest, rawSocket, SESSION } from "../support/service";

// The demo runs on the built bundle; here it runs on the sources, so no build is needed to test it.
vi.mock("../../dist/server.mjs", () => import("../../src/server"));

const OPERATOR = { identifier: "demo-backend", key: "demo-operator-key-123" };
const auth = { Authorization: `Basic ${btoa(`${OPERATOR.identifier}:${OPERATOR.key}`)}`, "X-Crisp-Tier": "plugin" };
let demo: RunningDemo;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crisp-segments-demo-"));
  demo = await startDemo({ port: 0, dataDir, websites: ["demo-website", "second-site"], operator: OPERATOR });
});
afterAll(async () => {
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const segmentsUrl = (session = SESSION, website = "demo-website") =>
  `${demo.url}/v1/website/${website}/session/${session}/segments`;

describe("demo server", () => {
  it("listens on the port it was given, on 127.0.0.1", () => {
    expect(demo.port).toBeGreaterThan(0);
    expect(demo.url).toBe(`http://127.0.0.1:${demo.port}`);
  });

  it("serves the index page", async () => {
    const response = await fetch(`${demo.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const page = await response.text();
    expect(page).toContain("crisp-segments demo");
    expect(page).toContain('href="/inbox"');
  });

  it("serves static files from examples/ and refuses to leave it", async () => {
    const css = await fetch(`${demo.url}/examples/demo.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    for (const path of ["/examples/../package.json", "/examples/%2e%2e/package.json", "/examples/..%2fpackage.json"]) {
      expect((await fetch(`${demo.url}${path}`)).status).toBe(404);
    }
  });

  it("answers the protocol from its own origin, and stores in SQLite", async () => {
    const posted = await fetch(segmentsUrl(), {
      method: "POST",
      headers: { Origin: demo.url },
      body: JSON.stringify({ revision: 1, overwrite: false, segments: ["<b>lead</b>"] }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get("Access-Control-Allow-Origin")).toBe(demo.url);
    expect(await posted.json()).toEqual({
      error: false,
      reason: "updated",
      data: { segments: ["<b>lead</b>"], revision: 1 },
    });
    expect(await demo.store.get("demo-website", SESSION)).toEqual({ segments: ["<b>lead</b>"], revision: 1 });

    const localhost = await fetch(segmentsUrl(OTHER_SESSION), { headers: { Origin: `http://localhost:${demo.port}` } });
    expect(localhost.status).toBe(200);
    const foreign = await fetch(segmentsUrl(), {
      method: "POST",
      headers: { Origin: "http://evil.example" },
      body: "{}",
    });
    expect(foreign.status).toBe(403);
    expect((await fetch(segmentsUrl(SESSION, "unknown-site"))).status).toBe(404);
  });

  it("refuses an oversize body over HTTP with 413", async () => {
    const response = await fetch(segmentsUrl(), { method: "POST", body: " ".repeat(64 * 1024) });
    expect(response.status).toBe(413);
    expect((await response.json()).reason).toBe("payload_too_large");
  });

  it("serves the inbox's page: a sign-in form for the demo's websites, with no session and no key in it", async () => {
    const response = await fetch(`${demo.url}/inbox`);
    expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'self'");
    const page = await response.text();
    expect(page).toContain('<form id="sign-in"');
    expect(page).toContain('<option value="demo-website">demo-website</option><option value="second-site">');
    expect(page).not.toContain(SESSION);
    expect(page).not.toContain(OPERATOR.key);
    expect((await fetch(`${demo.url}/examples/inbox/inbox.mjs`)).headers.get("Content-Type")).toMatch(/javascript/);
  });

  it("opens the REST API to its operator's key, on every website", async () => {
    for (const website of ["demo-website", "second-site"]) {
      const list = await fetch(`${demo.url}/v1/website/${website}/conversations/1`, { headers: auth });
      expect(list.status).toBe(200);
    }
    expect((await fetch(`${demo.url}/v1/website/demo-website/conversations/1`)).status).toBe(401);
    expect(demo.operator).toEqual({ ...OPERATOR, source: "environment" });
  });

  it("does not hand every visitor's session id (their capability) to an unauthenticated request", async () => {
    const posted = await fetch(segmentsUrl(), {
      method: "POST",
      body: JSON.stringify({ revision: 2, overwrite: false, segments: ["vip"] }),
    });
    expect(posted.status).toBe(200);
    // The REST list of the same sessions is behind the operator's key...
    expect((await fetch(`${demo.url}/v1/website/demo-website/conversations/1`)).status).toBe(401);
    // ...and /inbox neither shows full ids nor answers a Host that is not the demo's own (DNS rebinding).
    const inbox = await rawRequest(`${demo.url}/inbox`, "GET", { Host: `attacker.example:${demo.port}` });
    expect(inbox.status).toBe(421);
    expect(inbox.body).not.toContain(SESSION);
  });

  it("answers its pages under its own names only (DNS rebinding)", async () => {
    for (const path of ["/", "/inbox"]) {
      expect((await rawRequest(`${demo.url}${path}`, "GET", { Host: `attacker.example:${demo.port}` })).status).toBe(
        421,
      );
      expect((await rawRequest(`${demo.url}${path}`, "GET", { Host: `localhost:${demo.port}` })).status).toBe(200);
    }
  });

  it.each(["/", "/inbox", "/examples/demo.css", "/v1/website/demo-website/sessions"])(
    "refuses a Host with a user name or a target with credentials on %s with the 400 envelope",
    async (path) => {
      for (const request of [
        `GET ${path} HTTP/1.1\r\nHost: user@evil.example\r\n\r\n`,
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${demo.port}@evil\r\n\r\n`,
        `GET http://user:pw@127.0.0.1:${demo.port}${path} HTTP/1.1\r\nHost: 127.0.0.1:${demo.port}\r\n\r\n`,
      ]) {
        const result = await rawSocket(demo.port, request);
        expect(result.status, request).toBe(400);
        expect(JSON.parse(result.body), request).toMatchObject({ error: true, reason: "invalid_request" });
      }
    },
  );
});

describe("demo server: telling the user what to set", () => {
  it("names the hosts it answers to, and SEGMENTS_HOSTS, when a Host is not its own", async () => {
    const misdirected = await rawRequest(`${demo.url}/`, "GET", { Host: `demo.test:${demo.port}` });
    expect(misdirected.status).toBe(421);
    expect(misdirected.body).toContain(`localhost:${demo.port}`);
    expect(misdirected.body).toContain("SEGMENTS_HOSTS=");
  });

  it("answers under a name added with `hosts` (SEGMENTS_HOSTS), and lets pages of `origins` in", async () => {
    const folder = mkdtempSync(join(tmpdir(), "crisp-segments-demo-"));
    const other = await startDemo({
      port: 0,
      dataDir: folder,
      store: "memory",
      hosts: ["demo.test:8080"],
      origins: ["http://localhost:3000"],
    });
    try {
      expect((await rawRequest(`${other.url}/`, "GET", { Host: "demo.test:8080" })).status).toBe(200);
      const url = `${other.url}/v1/website/demo-website/session/${SESSION}/segments`;
      const body = JSON.stringify({ revision: 1, overwrite: false, segments: ["from_another_origin"] });
      const allowed = await fetch(url, { method: "POST", headers: { Origin: "http://localhost:3000" }, body });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:3000");
      const refused = await fetch(url, { method: "POST", headers: { Origin: "http://localhost:3001" }, body });
      expect(refused.status).toBe(403);
    } finally {
      await other.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("says in one line that a port is taken and what to set", async () => {
    await expect(startDemo({ port: demo.port, store: "memory", dataDir })).rejects.toThrow(
      new RegExp(`^port ${demo.port} is taken: set PORT to a free one, e.g. PORT=\\d+$`),
    );
  });

  it("makes an operator key pair at first start, keeps it for its owner alone, and reuses it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "crisp-segments-demo-"));
    try {
      const first = await startDemo({ port: 0, dataDir: folder, store: "memory" });
      await first.close();
      const file = join(folder, "operator.json");
      expect(first.operator).toMatchObject({ source: "generated", file });
      expect(first.operator.identifier).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.operator.key).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const second = await startDemo({ port: 0, dataDir: folder, store: "memory" });
      try {
        expect(second.operator).toEqual({ ...first.operator, source: "stored" });
        const { identifier, key } = second.operator;
        const headers = { Authorization: `Basic ${btoa(`${identifier}:${key}`)}`, "X-Crisp-Tier": "plugin" };
        expect((await fetch(`${second.url}/v1/website/demo-website/conversations/1`, { headers })).status).toBe(200);
        // No served page carries the key.
        for (const path of ["/", "/inbox"])
          expect(await (await fetch(`${second.url}${path}`)).text()).not.toContain(key);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("says in one line what to do with a kept pair it cannot use", async () => {
    const folder = mkdtempSync(join(tmpdir(), "crisp-segments-demo-"));
    try {
      writeFileSync(join(folder, "operator.json"), '{"identifier": "x", "key": "short"}');
      await expect(startDemo({ port: 0, dataDir: folder, store: "memory" })).rejects.toThrow(
        /operator\.json is not \{"identifier", "key"\} with a key of 16\+ characters: delete it to make a new pair$/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
