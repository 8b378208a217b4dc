import { createRequire } from "node:module";
import * as path from "node:path";
import { defineConfig } from "vitest/config";

const require = createRequire(path.join(__dirname, "package.json"));

// The library's build is CommonJS, so it runs on the CommonJS builds of the Azure SDK packages, and
// it loads @azure/core-rest-pipeline and @azure/logger with `require` when the first client is made.
// Tests import these packages by name to set log levels, instrumenters and fakes: they get the same
// CommonJS builds (not the ESM builds an `import` would pick), so they share the library's logger
// and tracing state, as a CommonJS program does.
const AZURE_PACKAGES = ["@azure/core-rest-pipeline", "@azure/logger", "@azure/core-tracing", "@azure/core-auth"];

export default defineConfig({
  resolve: {
    // azure-batch-policies imports the library by its package name; in the repository's tests that
    // is the library's source, as in tsconfig.test.json (the packed packages are tested from outside).
    alias: [
      { find: /^azure-batch-lookup$/, replacement: path.resolve(__dirname, "provider/index.ts") },
      ...AZURE_PACKAGES.map((name) => ({ find: new RegExp(`^${name}$`), replacement: require.resolve(name) })),
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/no-cloud.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
