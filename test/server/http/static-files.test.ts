// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaticFiles } from "../../../src/server/http/static-files";

let folder: string;
let serve: ReturnType<typeof createStaticFiles>;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "crisp-segments-static-"));
  const root = join(folder, "site");
  mkdirSync(join(root, "spa"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<h1>home</h1>");
  writeFileSync(join(root, "spa", "index.html"), "<h1>spa</h1>");
  writeFileSync(join(root, "app.mjs"), "export {}");
  writeFileSync(join(root, "logo.svg"), "<svg/>");
  writeFileSync(join(root, "blob.bin"), "?");
  writeFileSync(join(root, ".env"), "SECRET=1");
  writeFileSync(join(folder, "secret.txt"), "outside");
  symlinkSync(join(folder, "secret.txt"), join(root, "escape.txt"));
  serve = createStaticFiles({ root, prefix: "/static/" });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const get = (path: string, method = "GET") => serve(new Request(`http://demo.test${path}`, { method }));

describe("static files", () => {
  it.each([
    ["/static/index.html", "text/html; charset=utf-8"],
    ["/static/app.mjs", "text/javascript; charset=utf-8"],
    ["/static/logo.svg", "image/svg+xml"],
    ["/static/blob.bin", "application/octet-stream"],
  ])("serves %s as %s", async (path, type) => {
    const response = await get(path);
    expect(response?.status).toBe(200);
    expect(response?.headers.get("Content-Type")).toBe(type);
    expect(response?.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("serves a folder's index.html and redirects a folder without its slash", async () => {
    expect(await (await get("/static/"))?.text()).toBe("<h1>home</h1>");
    expect(await (await get("/static/spa/"))?.text()).toBe("<h1>spa</h1>");
    const redirect = await get("/static/spa");
    expect(redirect?.status).toBe(301);
    expect(redirect?.headers.get("Location")).toBe("/static/spa/");
    expect((await get("/static"))?.headers.get("Location")).toBe("/static/");
  });

  it.each([
    "/static/.env",
    "/static/..%2fsecret.txt",
    "/static/%2e%2e%2fsecret.txt",
    "/static/spa%2f..%2f..%2fsecret.txt",
    "/static/..%5csecret.txt",
    "/static/escape.txt",
    "/static/index.html%00.png",
    "/static/%E0%A4%A",
    "/static/missing.html",
    "/static/spa//index.html",
  ])("refuses %s with 404", async (path) => {
    const response = await get(path);
    expect(response?.status).toBe(404);
    expect(await response?.text()).not.toContain("outside");
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await get("/static/index.html", "HEAD");
    expect(head?.status).toBe(200);
    expect(await head?.text()).toBe("");
    expect((await get("/static/index.html", "POST"))?.status).toBe(405);
  });

  it("leaves other paths to the next handler", async () => {
    expect(await get("/other/index.html")).toBeUndefined();
    expect(await get("/statics/index.html")).toBeUndefined();
  });
});
