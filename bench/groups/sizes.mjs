// Sizes of the built files: the script-tag build against its budget and against ky alone, bundled the same
// way; the ES builds against themselves after a consumer's minifier.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";
import { exact, row } from "../table.mjs";

const gzip = (buffer) => gzipSync(buffer, { level: 9 }).length;
const brotli = (buffer) =>
  brotliCompressSync(buffer, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
      [zlibConstants.BROTLI_PARAM_LGWIN]: zlibConstants.BROTLI_MAX_WINDOW_BITS,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
    },
  }).length;
const sizesOf = (buffer) => ({ raw: buffer.length, gzip: gzip(buffer), brotli: brotli(buffer) });
const KINDS = { raw: "raw", gzip: "gzip -9", brotli: "brotli q11" };

/** ky alone, bundled the way the IIFE bundles it (rollup + node-resolve for browsers + terser), in memory. */
async function bundleKyAlone(root) {
  const { rollup } = await import("rollup");
  const { default: nodeResolve } = await import("@rollup/plugin-node-resolve");
  const { default: terser } = await import("@rollup/plugin-terser");
  const ENTRY = "\0bench-ky-entry";
  const bundle = await rollup({
    input: ENTRY,
    onwarn: () => {},
    plugins: [
      {
        name: "bench-entry",
        resolveId: (id) => (id === ENTRY ? id : null),
        load: (id) => (id === ENTRY ? 'import ky from "ky"; window.k = ky;' : null),
      },
      nodeResolve({ browser: true, rootDir: root }),
    ],
  });
  const { output } = await bundle.generate({ format: "iife", plugins: [terser({ format: { comments: false } })] });
  await bundle.close();
  return Buffer.from(output[0].code);
}

/** The file as a consumer's bundler would minify it (terser, default options), for the unminified ES builds. */
async function minified(buffer) {
  const { minify } = await import("terser");
  const { code } = await minify(buffer.toString("utf8"), { module: true, format: { comments: false } });
  return Buffer.from(code);
}

async function run({ root, dist }) {
  const budgetFile = join(root, "bench", "size-budget.json");
  const budget = existsSync(budgetFile) ? JSON.parse(readFileSync(budgetFile, "utf8")) : {};
  const iife = sizesOf(readFileSync(join(dist, "crisp-segments.js")));
  const budgetGzip = budget["crisp-segments.js"]?.gzip;
  const section = "Size of dist/ files (bytes, exact)";
  const budgetIs = "size budget (bench/size-budget.json)";
  row(
    section,
    "crisp-segments.js (IIFE), gzip -9",
    exact(iife.gzip),
    budgetGzip ? exact(budgetGzip) : null,
    "B",
    budgetIs,
  );
  const ky = sizesOf(await bundleKyAlone(root));
  const kyVersion = JSON.parse(readFileSync(join(root, "node_modules", "ky", "package.json"), "utf8")).version;
  for (const kind of Object.keys(KINDS)) {
    const name = `crisp-segments.js (IIFE), ${kind === "raw" ? "raw (minified)" : KINDS[kind]}`;
    const kyIs = `ky ${kyVersion} alone, bundled and minified the same way`;
    row(section, name, exact(iife[kind]), exact(ky[kind]), "B", kyIs);
  }
  for (const file of ["crisp-segments.mjs", "server.mjs"]) {
    const buffer = readFileSync(join(dist, file));
    const shipped = sizesOf(buffer);
    const small = sizesOf(await minified(buffer));
    for (const kind of Object.keys(KINDS)) {
      const minifiedIs = "same file after terser (what a consumer's minifier ships)";
      row(section, `${file}, ${KINDS[kind]}`, exact(shipped[kind]), exact(small[kind]), "B", minifiedIs);
    }
  }
}

export default { name: "sizes", browser: false, run };
