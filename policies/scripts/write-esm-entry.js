// Writes dist/index.mjs (and its declarations, dist/index.d.mts) next to the CommonJS build, so that
// `import { BatchGuard } from "azure-batch-policies"` gets named exports from the same module
// `require` loads.
const fs = require("node:fs");
const path = require("node:path");

const dir = path.join(__dirname, "..", "dist");
const cjs = require(path.join(dir, "index.js"));
const names = Object.keys(cjs).filter((n) => n !== "__esModule" && n !== "default");
const lines = ['import cjs from "./index.js";', ...names.map((n) => `export const ${n} = cjs.${n};`), "export default cjs;", ""];
fs.writeFileSync(path.join(dir, "index.mjs"), lines.join("\n"));
const types = [
  'import * as cjs from "./index.js";',
  'export * from "./index.js";',
  "declare const _default: typeof cjs;",
  "export default _default;",
  "",
];
fs.writeFileSync(path.join(dir, "index.d.mts"), types.join("\n"));
