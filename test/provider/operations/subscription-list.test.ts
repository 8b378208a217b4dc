import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_TOKEN, type RunningEmulator, startEmulator } from "../../../emulator";
import { BatchLookupError } from "../../../provider/errors";
import { parseSubscriptionPage, subscriptionsUrl } from "../../../provider/operations/subscriptions-list";

const A = "6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41";

describe("parseSubscriptionPage", () => {
  it("ids, names, states and the next link", () => {
    expect(
      parseSubscriptionPage({
        value: [{ id: `/subscriptions/${A}`, subscriptionId: A, displayName: "Contoso", state: "Enabled", tenantId: "t" }],
        nextLink: "https://x/n",
      }),
    ).toEqual({ value: [{ subscriptionId: A, displayName: "Contoso", state: "Enabled", tenantId: "t" }], nextLink: "https://x/n" });
    expect(parseSubscriptionPage({ value: [] })).toEqual({ value: [] });
  });

  it("shape errors name the field", () => {
    for (const [body, target] of [
      [null, "page"],
      [{ value: {} }, "page.value"],
      [{ value: [{ subscriptionId: "subid" }] }, "value[3].subscriptionId"],
      [{ value: [{ subscriptionId: A, state: 1 }] }, "value[3].state"],
    ] as const) {
      try {
        parseSubscriptionPage(body, 3);
        throw new Error("expected an error");
      } catch (e) {
        expect(e).toBeInstanceOf(BatchLookupError);
        expect((e as BatchLookupError).target).toBe(target);
      }
    }
  });
});

describe("the emulator's Subscriptions - List", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ https: false, pageSize: 2, generateTenant: { subscriptions: 5, accountsPerSubscription: 0 } });
  });
  afterAll(() => emu?.stop());

  it("every subscription through the pages", async () => {
    let url: string | undefined = subscriptionsUrl(emu.url);
    const ids: string[] = [];
    while (url) {
      const res: Response = await fetch(url, { headers: { authorization: `Bearer ${EMULATOR_TOKEN}` } });
      const page = parseSubscriptionPage(await res.json(), ids.length);
      ids.push(...page.value.map((s) => s.subscriptionId));
      url = page.nextLink;
    }
    expect(ids.sort()).toEqual(
      emu
        .subscriptions()
        .map((s) => s.subscriptionId)
        .sort(),
    );
  });
});
