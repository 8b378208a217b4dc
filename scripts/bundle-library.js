// Bundles the library's CommonJS entry (dist/provider/index.js) into one file with esbuild, from
// the TypeScript sources: the package's own modules and the request path's packages
// (@azure/core-rest-pipeline, @typespec/ts-http-runtime, @azure/core-util and the proxy agents),
// about 190 modules that a cold lookup would otherwise resolve, read and wrap one by one (AWS SDK
// v3 ships each client's CommonJS build bundled for the same reason). Each bundled module still
// runs only when first required, so what loads lazily stays lazy; the two packages' index files
// (barrels) require each of their modules when it is first used (`lazyBarrels` below). Left outside, loaded from
// node_modules as before: @pulumi/pulumi (Output forms and BatchAccountReference only),
// @azure/identity (only when no credential is given), node-forge (only for a PFX client
// certificate), @azure/logger and @azure/core-tracing (one logger and one tracer per process,
// shared with every Azure SDK client), @azure/core-auth, and the package's own other entry points. A linked source map maps stack traces back to the TypeScript
// (`node --enable-source-maps`); the licences of the bundled packages go next to the bundle.
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, "dist", "provider", "index.js");
const NOTICES = path.join(ROOT, "dist", "provider", "THIRD-PARTY-NOTICES.txt");
const EXTERNAL = [
  "@pulumi/pulumi",
  "@pulumi/pulumi/*",
  "@azure/identity",
  "node-forge",
  "@azure/logger",
  "@azure/core-tracing",
  "@azure/core-auth",
  "azure-batch-lookup/*",
];

async function main() {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, "provider", "index.ts")],
    outfile: OUT,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    external: EXTERNAL,
    sourcemap: "linked",
    sourcesContent: true,
    keepNames: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
    plugins: [lazyBarrels],
  });
  fs.writeFileSync(NOTICES, notices(result.metafile));
}

// The CommonJS index files of @azure/core-rest-pipeline and @typespec/ts-http-runtime are barrels:
// an `__export` of getters over modules that the index requires up front, every policy, client
// helper and logger among them, though a lookup uses a few (about 15 ms of a cold lookup's CPU).
// In a barrel whose required modules are used only by its getters, each getter requires its
// module when first read instead, so a module loads when something uses it. A barrel of another
// form (or a changed one) is bundled as it is.
const BARREL_PACKAGES = /node_modules[\\/](@azure[\\/]core-rest-pipeline|@typespec[\\/]ts-http-runtime)[\\/]dist[\\/]commonjs[\\/].*\.js$/;
const BARREL_REQUIRE = /^var (import_\w+) = require\(("\.[^"]+")\);\n/gm;

const lazyBarrels = {
  name: "lazy-barrels",
  setup(build) {
    build.onLoad({ filter: BARREL_PACKAGES }, async (args) => {
      const source = await fs.promises.readFile(args.path, "utf8");
      return { contents: lazyBarrel(source) ?? source, loader: "js" };
    });
  },
};

/** The barrel with each required module loaded by its getters, or undefined when `source` is not a barrel of that form. */
function lazyBarrel(source) {
  if (!source.includes("__export(")) return undefined;
  const modules = new Map();
  for (const m of source.matchAll(BARREL_REQUIRE)) modules.set(m[1], m[2]);
  if (modules.size === 0) return undefined;
  let out = source.replace(BARREL_REQUIRE, "");
  for (const [name, path] of modules) {
    const getter = new RegExp(`\\(\\) => ${name}\\.`, "g");
    out = out.replace(getter, `() => require(${path}).`);
    // Any other use of the module's variable: not a barrel of that form.
    if (new RegExp(`\\b${name}\\b`).test(out)) return undefined;
  }
  return out;
}

/** The licence of every package bundled, as its LICENSE file says it. */
function notices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m === null || packages.has(m[1])) continue;
    const dir = path.join(ROOT, input.slice(0, input.indexOf(m[0]) + m[0].length));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const licenseFile = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = licenseFile === undefined ? `License: ${manifest.license}` : fs.readFileSync(path.join(dir, licenseFile), "utf8").trim();
    packages.set(m[1], `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text}`);
  }
  const header = "dist/provider/index.js bundles these packages with the library's own code:\n";
  return `${header}\n${[...packages.keys()]
    .sort()
    .map((name) => `${"=".repeat(72)}\n${packages.get(name)}\n`)
    .join("\n")}`;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { lazyBarrel };
