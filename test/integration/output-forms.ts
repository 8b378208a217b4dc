// Shared checks of the Output forms under Pulumi's mock runtime, in preview or update mode.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTOSO_SUBSCRIPTION_ID, EMULATOR_TOKEN, type RunningEmulator, startEmulator } from "../../emulator";
import { getBatchAccountOutput, type LookupOutputOptions, listBatchAccountsOutput, StaticTokenCredential } from "../../provider";

const RG = "rg-batch-dev-australiaeast";

interface Inspectable {
  isKnown: Promise<boolean>;
  allResources(): Promise<Set<pulumi.Resource>>;
}

function known(o: pulumi.Output<unknown>): Promise<boolean> {
  return (o as unknown as Inspectable).isKnown;
}
async function resourcesOf(o: pulumi.Output<unknown>): Promise<pulumi.Resource[]> {
  return [...(await (o as unknown as Inspectable).allResources())];
}
function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** A resource whose `accountName` output is known only after deployment (unknown in preview). */
class Producer extends pulumi.CustomResource {
  declare readonly accountName: pulumi.Output<string>;
  constructor(name: string) {
    super("test:index:Producer", name, { accountName: undefined });
  }
}

export function outputFormSuite(preview: boolean): void {
  let emu: RunningEmulator;
  let opts: LookupOutputOptions;

  beforeAll(async () => {
    emu = await startEmulator({ pageSize: 3 });
    opts = { endpoint: emu.url, ca: emu.caCertPem!, credential: new StaticTokenCredential(EMULATOR_TOKEN) };
    await pulumi.runtime.setMocks(
      {
        // In preview the producer's outputs (and id) are not known yet, as for a resource being created.
        newResource: (args) =>
          preview ? { id: undefined as unknown as string, state: {} } : { id: `${args.name}-id`, state: { accountName: "contosodevnew" } },
        call: () => ({}),
      },
      "project",
      "stack",
      preview,
    );
  });
  afterAll(async () => emu?.stop());

  describe(`Output forms (${preview ? "preview" : "update"})`, () => {
    it("resolve to the Promise form's result when the arguments are known", async () => {
      const account = getBatchAccountOutput(
        { accountName: "contosodevnew", resourceGroupName: RG, subscriptionId: CONTOSO_SUBSCRIPTION_ID },
        opts,
      );
      expect(await known(account)).toBe(true);
      expect((await value(account)).accountEndpoint).toBe("contosodevnew.australiaeast.batch.azure.com");
      const list = listBatchAccountsOutput({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, opts);
      expect((await value(list)).value.length).toBe(emu.listAccounts({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }).length);
    });

    it("read plain arguments when the Output is created, as pulumi.output does: a later change to the object is not seen", async () => {
      const args = { accountName: "contosodevnew", resourceGroupName: RG, subscriptionId: CONTOSO_SUBSCRIPTION_ID };
      const account = getBatchAccountOutput(args, opts);
      args.accountName = "nosuchaccount";
      expect(await known(account)).toBe(true);
      expect((await value(account)).name).toBe("contosodevnew");
      // Plain values and Outputs mixed: the same result.
      const mixed = getBatchAccountOutput({ ...args, accountName: pulumi.output("contosodevnew") }, opts);
      expect((await value(mixed)).name).toBe("contosodevnew");
    });

    it(preview ? "are unknown while an argument is unknown, making no request" : "wait for an argument from another resource", async () => {
      emu.clearStats();
      const producer = new Producer("producer");
      const account = getBatchAccountOutput(
        { accountName: producer.accountName, resourceGroupName: RG, subscriptionId: CONTOSO_SUBSCRIPTION_ID },
        opts,
      );
      expect(await known(account)).toBe(!preview);
      if (!preview) expect((await value(account)).name).toBe("contosodevnew");
      expect(emu.stats().byRoute.get).toBe(preview ? 0 : 1);
      expect(await resourcesOf(account)).toContain(producer);
    });

    it("are secret when an argument is secret", async () => {
      const account = getBatchAccountOutput(
        { accountName: pulumi.secret("contosodevnew"), resourceGroupName: RG, subscriptionId: CONTOSO_SUBSCRIPTION_ID },
        opts,
      );
      expect(await pulumi.isSecret(account)).toBe(true);
      const plain = getBatchAccountOutput(
        { accountName: "contosodevnew", resourceGroupName: RG, subscriptionId: CONTOSO_SUBSCRIPTION_ID },
        opts,
      );
      expect(await pulumi.isSecret(plain)).toBe(false);
      const list = listBatchAccountsOutput({ subscriptionId: pulumi.secret(CONTOSO_SUBSCRIPTION_ID) }, opts);
      expect(await pulumi.isSecret(list)).toBe(true);
    });

    it("honour dependsOn", async () => {
      const gate = new Producer("gate");
      const account = getBatchAccountOutput(
        { accountName: "contosodevnew", resourceGroupName: RG, subscriptionId: CONTOSO_SUBSCRIPTION_ID },
        { ...opts, dependsOn: [gate] },
      );
      expect(await known(account)).toBe(!preview);
      expect(await resourcesOf(account)).toContain(gate);
      const list = listBatchAccountsOutput({ subscriptionId: CONTOSO_SUBSCRIPTION_ID }, { ...opts, dependsOn: gate });
      expect(await known(list)).toBe(!preview);
    });

    it("reject with the lookup's error", async () => {
      const missing = getBatchAccountOutput(
        { accountName: "nosuchacct", resourceGroupName: RG, subscriptionId: CONTOSO_SUBSCRIPTION_ID },
        opts,
      );
      // A rejected Output fails every promise derived from it; a Pulumi program reports it as the error.
      const internals = missing as unknown as {
        promise(): Promise<unknown>;
        isKnown: Promise<boolean>;
        isSecret: Promise<boolean>;
        allResources(): Promise<unknown>;
      };
      for (const p of [internals.isKnown, internals.isSecret, internals.allResources()]) p.catch(() => undefined);
      await expect(internals.promise()).rejects.toMatchObject({ code: "ResourceNotFound" });
    });
  });
}
