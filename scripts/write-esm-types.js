// Writes the type declarations of the ESM entry point (dist/provider/index.mjs): an ES module
// declaration file of its own, so that TypeScript under `module: node16`/`nodenext` sees the
// `import` condition as ESM (a .d.ts next to a .mjs would be read as CommonJS types).
const fs = require("node:fs");
const path = require("node:path");

const dir = path.join(__dirname, "..", "dist", "provider");
const lines = ['export * from "./index.js";', 'import * as cjs from "./index.js";', "export default cjs;", ""];
fs.writeFileSync(path.join(dir, "index.d.mts"), lines.join("\n"));
