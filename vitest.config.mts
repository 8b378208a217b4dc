import * as path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // azure-batch-policies imports the library by its package name; in the repository's tests that
    // is the library's source, as in tsconfig.test.json (the packed packages are tested from outside).
    alias: [{ find: /^azure-batch-lookup$/, replacement: path.resolve(__dirname, "provider/index.ts") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
