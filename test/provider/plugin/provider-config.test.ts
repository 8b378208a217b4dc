// The provider's configuration mapped onto the library's options: a key the provider sets is an
// explicit option (so it wins over the environment), a key it leaves unset is the library's to resolve.

import { describe, expect, it } from "vitest";
import { BatchLookupError } from "../../../provider";
import { NodeHttpClient } from "../../../provider/pipeline/node-http-client";
import { ProviderLookups } from "../../../provider/plugin/lookups";
import { providerSettings, readProviderConfig } from "../../../provider/plugin/provider-config";
import { resolveClientOptions } from "../../../provider/settings/client-options";

describe("provider configuration", () => {
  it("maps every key onto the client options and the default subscription", async () => {
    const s = providerSettings({
      subscriptionId: "6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41",
      endpoint: "https://127.0.0.1:8443",
      environment: "usgovernment",
      audience: "https://example.test",
      token: "t0ken",
      maxConcurrentRequests: "3",
    });
    expect(s.subscriptionId).toBe("6c2a1f3e-8d4b-4f7a-9e15-3b0c7d9a2e41");
    expect(s.clientOptions).toMatchObject({
      endpoint: "https://127.0.0.1:8443",
      environment: "usgovernment",
      audience: "https://example.test",
      maxConcurrentRequests: 3,
    });
    const credential = resolveClientOptions(s.clientOptions).credential;
    expect(credential.signIn).toMatchObject({ method: "token", chosenBy: "azure-batch-lookup:token" });
    expect((await credential.create({ shared: new NodeHttpClient(), direct: () => new NodeHttpClient() }).getToken("x"))?.token).toBe(
      "t0ken",
    );
  });

  it("an explicit provider's keys win over the environment", () => {
    const env = { ARM_SUBSCRIPTION_ID: "0f0e0d0c-0b0a-4908-8706-050403020100", ARM_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.2" };
    const lookups = new ProviderLookups({ subscriptionId: "e3b0c442-98fc-4c14-9afb-f4c8996fb924", endpoint: "https://127.0.0.1:9" }, env);
    expect(lookups.client.endpoint).toBe("https://127.0.0.1:9");
    expect(lookups.subscriptionFor(undefined)).toBe("e3b0c442-98fc-4c14-9afb-f4c8996fb924");
    expect(lookups.subscriptionFor("12345678-1234-1234-1234-123456789012")).toBe("12345678-1234-1234-1234-123456789012");
  });

  it("a service principal takes its missing keys from the environment, and fails naming what is still missing", () => {
    const signIn = (config: Parameters<typeof providerSettings>[0], env: NodeJS.ProcessEnv) =>
      resolveClientOptions(providerSettings(config, env).clientOptions).credential.signIn;
    expect(signIn({ clientSecret: "s" }, { ARM_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47", ARM_CLIENT_ID: "c" })).toMatchObject({
      method: "clientSecret",
      chosenBy: "azure-batch-lookup:clientSecret",
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    });
    expect(() => signIn({ clientSecret: "s", clientId: "c" }, {})).toThrow(
      /a service principal with a client secret \(chosen by azure-batch-lookup:clientSecret\) needs tenantId: set tenantId with azure-batch-lookup:tenantId, azure-native:tenantId or ARM_TENANT_ID/,
    );
    // A client id alone configures no way of signing in.
    expect(signIn({ clientId: "c" }, {})).toMatchObject({ method: "default" });
  });

  it("rejects an unknown key and a bad maxConcurrentRequests with InvalidConfiguration", () => {
    expect(() => readProviderConfig({ subscription: "x" })).toThrow(BatchLookupError);
    expect(readProviderConfig({ "azure-batch-lookup:config:token": "t", version: "0.1.0", maxConcurrentRequests: 4 })).toEqual({
      token: "t",
      maxConcurrentRequests: "4",
    });
    expect(() => providerSettings({ maxConcurrentRequests: "0" })).toThrow(/positive integer/);
  });
});
