// Writes the ESM entry point next to the CommonJS build, so that `import { getBatchAccount } from
// "azure-batch-lookup"` gets named exports without a second compilation.
const fs = require("node:fs");
const path = require("node:path");

const dir = path.join(__dirname, "..", "dist", "provider");
const cjs = require(path.join(dir, "index.js"));
const names = Object.keys(cjs).filter((n) => n !== "__esModule" && n !== "default");
const lines = ['import cjs from "./index.js";', ...names.map((n) => `export const ${n} = cjs.${n};`), "export default cjs;", ""];
fs.writeFileSync(path.join(dir, "index.mjs"), lines.join("\n"));
