import { resolve } from "node:path";
import nodeResolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import typescript from "@rollup/plugin-typescript";
import { rollup } from "rollup";

// Helpers are inlined (importHelpers off) so that no tslib import reaches the built files; ES2022 keeps private
// fields native, so there are none to inline in practice.
const ts = () =>
  typescript({
    tsconfig: "./tsconfig.json",
    include: ["src/**/*.ts"],
    compilerOptions: { noEmit: false, declaration: false, importHelpers: false, sourceMap: true },
  });

// The script-tag build only: names the SDK's parts call each other by, and that nothing outside the bundle sees
// (no storage key, no record or wire field, no error or event field, no ky option, no DOM property the SDK reads),
// are shortened. Exact names only, so that no new property is renamed by accident: a name added here must be
// checked against those uses (grep ky's distribution and lib.dom.d.ts too), and must not be a key looked up by a
// string from outside (the commands' `on`, `off`, `safe`).
const INTERNAL_NAMES = [
  // the session store and the tabs' shared records
  "sessionsWithWork currentSessionId newSessionId savePending storageChanged holdForever releaseAll onLeader",
  "onRefusal loadRead isMerged endTask unmerged readAll record records update leader idle holds synced subscribe",
  "suspend resume reset changed written added settled changes lost known forget restore news exclusive",
  // storage keys and lock names (the functions and fields that make them, not the keys)
  "outboxPrefix sessionPrefix prefix current session outbox tab tabId",
  // the syncer, its options and the transport
  "delayMs timeoutMs maxBodyBytes onWire whenOnline onLoaded store transport clock network isOnline backoff capMs",
  "baseMs hidden verdict state read write report schedule refresh flush exit dispose onRetry onRetryAfter count wait",
  "busy loaded due answered",
  // the client, its environment, the parsed commands and the change builder
  "onListenerError onPageExit onPageCached onPageShown websiteId storage usage problem index action operation kind",
  "event enabled listener run emit build fold empty args startLater",
].flatMap((line) => line.split(" "));

// Two of ky's features the SDK never asks for, left out of the script-tag build only: upload and download progress
// (`onUploadProgress`, `onDownloadProgress`, whose streaming is utils/body.js), and a retry forced from an
// `afterResponse` hook (`ky.retry()`, thrown as ForceRetryError; with no hooks, ky only tests for it).
const KY_UNUSED = {
  "utils/body.js": `export const streamRequest = () => {
  throw new TypeError("ky's progress callbacks are not in crisp-segments.js");
};
export const streamResponse = streamRequest;`,
  "errors/ForceRetryError.js": "export class ForceRetryError extends Error {}",
};
// ky also tests at load whether a request can stream its body (it builds a throwaway Request around a
// ReadableStream: about a millisecond of the page's first task) and measures a form boundary for the progress
// code. The SDK's bodies are strings, which need neither: both become constants. Two more blocks serve only what
// the SDK never asks for: download progress, and the response promise's shortcuts (`.json()`, `.text()`, ...;
// the SDK reads the awaited Response). A ky whose code no longer matches fails the build here rather than
// shipping them.
const KY_PATCHES = {
  "core/constants.js": [
    [
      /export const supportsRequestStreams = \(\(\) => \{\n[\s\S]*?\n\}\)\(\);/,
      "export const supportsRequestStreams = false;",
    ],
    [/export const usualFormBoundarySize = .*;/, "export const usualFormBoundarySize = 0;"],
  ],
  "core/Ky.js": [
    [
      /\n *\/\/ If `onDownloadProgress` is passed, [^\n]*\n *if \(ky\.#options\.onDownloadProgress\) \{\n[\s\S]*?\n *return streamResponse\([^\n]*\n *\}\n/,
      "\n",
    ],
    [
      /\n *for \(const \[type, mimeType\] of Object\.entries\(responseTypes\)\) \{\n[\s\S]*?\n {8}\}\n(?= {8}return result;)/,
      "\n",
    ],
  ],
};
const withoutUnusedKy = {
  name: "without-unused-ky",
  load(id) {
    const path = id.replaceAll("\\", "/");
    const file = Object.keys(KY_UNUSED).find((name) => path.endsWith(`/node_modules/ky/distribution/${name}`));
    return file ? KY_UNUSED[file] : null;
  },
  transform(code, id) {
    const path = id.replaceAll("\\", "/");
    const file = Object.keys(KY_PATCHES).find((name) => path.endsWith(`/node_modules/ky/distribution/${name}`));
    if (!file) return null;
    return KY_PATCHES[file].reduce((source, [pattern, replacement]) => {
      if (!pattern.test(source)) throw new Error(`ky's ${file} no longer matches ${pattern}`);
      return source.replace(pattern, replacement);
    }, code);
  },
};

// The script-tag build's first task only installs `$crisp` (src/sdk/queue.ts); the client is made a task later.
// Rollup would still put every module's top level in the script's one function, so that the first task parsed,
// compiled and ran it all. Instead src/script-client.ts, the client's side, is bundled apart and shipped inside a
// function declaration that runs when the first client is made: at load V8 only pre-parses it (a function that is
// not called at once is compiled when it is). Measured from Chromium traces of the first task, 15 loads of each
// build alternating: 10.4 → 8.3 ms (the I/O-only script: 3.9 ms); the task after parses what was skipped.
const DEFERRED = "/src/script-client.ts";
const deferredClient = {
  name: "deferred-client",
  async load(id) {
    if (!id.replaceAll("\\", "/").endsWith(DEFERRED)) return null;
    const plugins = [withoutUnusedKy, nodeResolve({ browser: true }), ts()];
    const bundle = await rollup({ input: id, plugins, onwarn: (warning) => this.warn(warning) });
    const { output } = await bundle.generate({ format: "iife", name: "deferred", sourcemap: true });
    await bundle.close();
    const [{ code, map }] = output;
    if (!code.startsWith("var deferred = (function (exports) {")) throw new Error("deferred-client: unexpected shape");
    // Three lines before the bundled code, so its map only shifts by three lines.
    const head =
      "let loaded;\nexport const makeClient = (...args) => (loaded ??= deferred()).makeClient(...args);\nfunction deferred() {\n";
    return {
      code: `${head}${code}\nreturn deferred;\n}\n`,
      map: { ...map, mappings: `;;;${map.mappings}`, sources: map.sources.map((source) => resolve(source)) },
    };
  },
};

export default [
  {
    input: "src/script-tag.ts",
    output: {
      file: "dist/crisp-segments.js",
      format: "iife",
      sourcemap: true,
      plugins: [
        terser({
          // Measured on this bundle: less inlining and no comma sequences leave repeated shapes that gzip prefers.
          // `pure_getters`: reading a property has no side effect; the SDK's getters (`leader`, `onWire`, ...)
          // only read, and no code relies on a read throwing (the storage probe uses what it reads).
          compress: { passes: 3, inline: 1, sequences: false, pure_getters: true },
          // `builtins`: terser would otherwise keep every listed name that some browser object has (read, write,
          // state, store, ...); the list is exact, and checked against the properties the SDK reads.
          mangle: { properties: { regex: new RegExp(`^(${INTERNAL_NAMES.join("|")})$`), builtins: true } },
          format: { comments: false },
        }),
      ],
    },
    plugins: [deferredClient, withoutUnusedKy, nodeResolve({ browser: true }), ts()],
  },
  {
    input: "src/index.ts",
    external: ["ky"],
    output: { file: "dist/crisp-segments.mjs", format: "es", sourcemap: true },
    plugins: [ts()],
  },
  {
    input: "src/server.ts",
    // The service's dependencies and their subpaths (hono/secure-headers, ...) are imported, never bundled.
    external: (id) =>
      ["ky", "better-sqlite3", "postgres", "hono", "@hono/node-server", "standardwebhooks"].some(
        (name) => id === name || id.startsWith(`${name}/`),
      ) || id.startsWith("node:"),
    output: { file: "dist/server.mjs", format: "es", sourcemap: true },
    plugins: [ts()],
  },
  {
    input: "src/api.ts",
    // ky is the client's one dependency, imported as the SDK's npm build imports it. The service's storage rules it
    // shares (the meta rule) are bundled: pure code, no service dependency comes with them.
    external: (id) => id === "ky" || id.startsWith("ky/") || id.startsWith("node:"),
    output: { file: "dist/api.mjs", format: "es", sourcemap: true },
    plugins: [ts()],
  },
  {
    // The SPA example, bundled as an app bundles the package from npm: node-resolve resolves "crisp-segments"
    // through package.json's "exports" (a package may import itself by name) to dist/crisp-segments.mjs, built
    // just above (rollup builds this array in order), and ky from node_modules.
    input: "examples/spa/main.ts",
    output: { file: "examples/spa/app.js", format: "es", plugins: [terser({ format: { comments: false } })] },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({
        tsconfig: "./tsconfig.json",
        include: ["examples/spa/**/*.ts"],
        compilerOptions: { noEmit: false, declaration: false, importHelpers: false },
      }),
    ],
  },
];
