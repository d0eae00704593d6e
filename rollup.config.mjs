import nodeResolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import typescript from "@rollup/plugin-typescript";

// Helpers are inlined (importHelpers off) so that no tslib import reaches the built files; ES2022 keeps private
// fields native, so there are none to inline in practice.
const ts = () =>
  typescript({
    tsconfig: "./tsconfig.json",
    include: ["src/**/*.ts"],
    compilerOptions: { noEmit: false, declaration: false, importHelpers: false, sourceMap: true },
  });

export default [
  {
    input: "src/script-tag.ts",
    output: {
      file: "dist/crisp-segments.js",
      format: "iife",
      sourcemap: true,
      plugins: [terser({ format: { comments: false } })],
    },
    plugins: [nodeResolve({ browser: true }), ts()],
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
      ["ky", "better-sqlite3", "postgres", "hono", "@hono/node-server"].some(
        (name) => id === name || id.startsWith(`${name}/`),
      ) || id.startsWith("node:"),
    output: { file: "dist/server.mjs", format: "es", sourcemap: true },
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
