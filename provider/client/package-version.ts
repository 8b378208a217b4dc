// The package's version, read from its package.json (the one place it is written), for the user
// agent. The package names itself: `exports` lists "./package.json", so this resolves to the
// installed copy from the compiled files and from the sources alike.

let version: string | undefined;

export function packageVersion(): string {
  version ??= (require("azure-batch-lookup/package.json") as { version: string }).version;
  return version;
}
