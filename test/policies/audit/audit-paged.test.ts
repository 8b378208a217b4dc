// The audit judges and prints the accounts as the listing's pages arrive: with the report's reader
// stalled on the first account, the listing stops a bounded window ahead (it does not read the
// tenant first), and once the reader goes on the report holds every account, sorted by id, from
// Resource Graph's pages and from the ARM fan-out's alike. A listing that fails after the report
// began says the report printed so far is incomplete.

import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../emulator";
import { main } from "../../../policies/audit/run";
import { trustCa } from "../../emulator/helpers";
import { whenServed } from "../../support/server-events";

const SUBSCRIPTIONS = 40;
const PER_SUBSCRIPTION = 10;
const ROWS_A_PAGE = 10;
const TIMEOUT = 120_000;

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({
    data: { subscriptions: [], accounts: [] },
    generateTenant: { subscriptions: SUBSCRIPTIONS, accountsPerSubscription: PER_SUBSCRIPTION },
    pageSize: 50,
    resourceGraph: { maxRowsPerPage: ROWS_A_PAGE },
  });
  trustCa(emu.caCertPem);
});
afterAll(async () => emu?.stop());
beforeEach(() => {
  vi.stubEnv("ARM_RESOURCE_MANAGER_ENDPOINT", emu.url);
  vi.stubEnv("AZURE_BATCH_LOOKUP_TOKEN", emu.env.AZURE_BATCH_LOOKUP_TOKEN!);
  emu.faults.clear();
  emu.clearStats();
  return () => vi.unstubAllEnvs();
});

/** A report reader that holds its first write until `release()`. */
function stalledStdout() {
  let text = "";
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString("utf8");
      if (!first) return callback();
      first = false;
      void held.then(() => callback());
    },
  });
  return { stream, release, text: () => text };
}

const stderr = () => {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      text += chunk.toString("utf8");
      cb();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
};

describe.each([
  ["resourceGraph", "resourceGraph", Math.ceil((SUBSCRIPTIONS * PER_SUBSCRIPTION) / ROWS_A_PAGE)],
  ["arm", "list", SUBSCRIPTIONS],
] as const)("the audit, source %s", (source, route, pages) => {
  it(
    "reads the listing a bounded window ahead of the report, and prints every account sorted by id",
    async () => {
      const out = stalledStdout();
      const err = stderr();
      // The report's header is its first write; the reader holds it.
      const audit = main(["audit", "--tenant", "--source", source, "--format", "json", "--accounts-only"], {
        stdout: out.stream,
        stderr: err.stream,
      });
      await whenServed(() => (emu.stats().byRoute[route] ?? 0) > 0, "the first page");
      await new Promise((resolve) => setTimeout(resolve, 300));
      const whileStalled = emu.stats().byRoute[route] ?? 0;
      // The pages of the accounts judged before the output's buffer filled, and the read-ahead past
      // them (Resource Graph 1 page, the ARM fan-out 8 subscriptions side by side): a fraction of the listing.
      expect(whileStalled).toBeLessThanOrEqual(10);
      expect(whileStalled).toBeLessThan(pages);
      out.release();
      expect(await audit).toBeLessThanOrEqual(1);
      expect(emu.stats().byRoute[route]).toBe(pages);
      const ids = (JSON.parse(out.text()) as { accounts: { id: string }[] }).accounts.map((a) => a.id);
      expect(ids).toHaveLength(SUBSCRIPTIONS * PER_SUBSCRIPTION);
      expect(ids).toStrictEqual(
        emu
          .listAccounts()
          .map((a) => a.id)
          .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
      );
    },
    TIMEOUT,
  );

  it(
    "a listing that fails after the report began fails the audit, saying the report is incomplete",
    async () => {
      emu.injectFault({ kind: "forbidden", route, skip: 3, times: 1 });
      let text = "";
      const stdout = new Writable({
        write(chunk: Buffer, _e, cb) {
          text += chunk.toString("utf8");
          cb();
        },
      });
      const err = stderr();
      const code = await main(["audit", "--tenant", "--source", source, "--format", "json", "--accounts-only"], {
        stdout,
        stderr: err.stream,
      });
      expect(code).toBe(3);
      expect(err.text()).toContain("may not list the Batch accounts");
      expect(err.text()).toContain("the report printed so far is incomplete");
      expect(text.length).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
