import { describe, expect, it } from "vitest";
import { formatResetsAfter } from "../../../emulator";
import { parseQuotaHeaders, parseTimeSpan } from "../../../provider/tenant/quota";

describe("Resource Graph quota headers", () => {
  it("TimeSpan values: hh:mm:ss, days, fractions; anything else undefined", () => {
    expect(parseTimeSpan("00:00:03")).toBe(3000);
    expect(parseTimeSpan("01:02:03")).toBe(3_723_000);
    expect(parseTimeSpan("1.00:00:01")).toBe(86_401_000);
    expect(parseTimeSpan("00:00:04.5")).toBe(4500);
    for (const bad of ["", "3", "00:60:00", "00:00:61", "-00:00:01", "soon"]) expect(parseTimeSpan(bad), bad).toBeUndefined();
    // What the emulator writes, the client reads.
    for (const ms of [0, 1, 999, 5000, 3_723_000]) expect(parseTimeSpan(formatResetsAfter(ms))).toBe(Math.ceil(ms / 1000) * 1000);
  });

  it("read from fetch Headers or a plain record", () => {
    const h = new Headers({ "x-ms-user-quota-remaining": "10", "x-ms-user-quota-resets-after": "00:00:03" });
    expect(parseQuotaHeaders(h)).toEqual({ remaining: 10, resetsAfterMs: 3000 });
    expect(parseQuotaHeaders({ "X-MS-User-Quota-Remaining": "0", "x-ms-user-quota-resets-after": ["00:00:02"] })).toEqual({
      remaining: 0,
      resetsAfterMs: 2000,
    });
    expect(parseQuotaHeaders({ "x-ms-user-quota-remaining": "many" })).toEqual({});
  });
});
