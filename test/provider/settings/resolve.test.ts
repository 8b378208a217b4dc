import { afterEach, describe, expect, it, vi } from "vitest";
import { BatchLookupError } from "../../../provider/errors";
import { resolveClientOptions } from "../../../provider/settings/client-options";
import { configSnapshot, normalizeEndpoint, resolveCloud, resolveSetting, setPulumiConfigReader } from "../../../provider/settings/resolve";

afterEach(() => setPulumiConfigReader(undefined));

function withConfig(values: Record<string, string>): void {
  setPulumiConfigReader((key) => values[key]);
}

describe("configuration order", () => {
  const env = { ARM_SUBSCRIPTION_ID: "env-arm", AZURE_SUBSCRIPTION_ID: "env-azure" };

  it("prefers the explicit value", () => {
    withConfig({ "azure-batch-lookup:subscriptionId": "ours", "azure-native:subscriptionId": "native" });
    expect(resolveSetting("subscriptionId", "explicit", env)).toEqual({ value: "explicit", source: "option" });
  });
  it("then azure-batch-lookup config", () => {
    withConfig({ "azure-batch-lookup:subscriptionId": "ours", "azure-native:subscriptionId": "native" });
    expect(resolveSetting("subscriptionId", undefined, env)).toEqual({ value: "ours", source: "azure-batch-lookup:subscriptionId" });
  });
  it("then azure-native config", () => {
    withConfig({ "azure-native:subscriptionId": "native" });
    expect(resolveSetting("subscriptionId", undefined, env)?.value).toBe("native");
  });
  it("then ARM_ before AZURE_ environment variables", () => {
    withConfig({});
    expect(resolveSetting("subscriptionId", undefined, env)).toEqual({ value: "env-arm", source: "ARM_SUBSCRIPTION_ID" });
    expect(resolveSetting("subscriptionId", undefined, { AZURE_SUBSCRIPTION_ID: "env-azure" })?.value).toBe("env-azure");
  });
  it("then nothing", () => {
    withConfig({});
    expect(resolveSetting("subscriptionId", undefined, {})).toBeUndefined();
  });
  it("has no azure-native fallback for settings azure-native does not define", () => {
    withConfig({ "azure-native:endpoint": "https://wrong.example" });
    expect(resolveSetting("endpoint", undefined, {})).toBeUndefined();
  });
  it("reads PULUMI_CONFIG through @pulumi/pulumi's runtime when no reader is set", () => {
    const before = process.env.PULUMI_CONFIG;
    process.env.PULUMI_CONFIG = JSON.stringify({ "azure-batch-lookup:endpoint": "https://127.0.0.1:1" });
    try {
      expect(resolveSetting("endpoint", undefined, {})).toEqual({ value: "https://127.0.0.1:1", source: "azure-batch-lookup:endpoint" });
    } finally {
      if (before === undefined) delete process.env.PULUMI_CONFIG;
      else process.env.PULUMI_CONFIG = before;
    }
  });
});

describe("reading many settings at once", () => {
  it("resolves a client's options from one reading of Pulumi configuration, as key-by-key reads would", () => {
    const runtimeConfig = require("@pulumi/pulumi/runtime/config") as {
      getConfig(k: string): string | undefined;
      allConfig(): Record<string, string>;
      setAllConfig(c: Record<string, string>, secretKeys?: string[]): void;
    };
    const before = runtimeConfig.allConfig();
    runtimeConfig.setAllConfig({
      "azure-native:config:environment": "usgovernment",
      "azure-batch-lookup:audience": "https://audience.example",
      "azure-batch-lookup:token": "t",
      "azure-batch-lookup:maxConcurrentRequests": "3",
    });
    const getConfig = vi.spyOn(runtimeConfig, "getConfig");
    try {
      const snapshot = configSnapshot();
      for (const key of ["azure-native:environment", "azure-batch-lookup:token", "azure-batch-lookup:endpoint"]) {
        expect(snapshot(key)).toBe(runtimeConfig.getConfig(key));
      }
      expect(snapshot("constructor")).toBeUndefined();
      getConfig.mockClear();
      const resolved = resolveClientOptions({});
      expect(getConfig).not.toHaveBeenCalled();
      expect(resolved).toMatchObject({
        endpoint: "https://management.usgovcloudapi.net",
        scope: "https://audience.example/.default",
        maxConcurrentRequests: 3,
        credential: { signIn: { method: "token", chosenBy: "azure-batch-lookup:token" } },
      });
    } finally {
      getConfig.mockRestore();
      runtimeConfig.setAllConfig(before);
    }
  });
});

describe("clouds", () => {
  it("defaults to the public cloud", () => {
    withConfig({});
    expect(resolveCloud(undefined, {}).resourceManagerEndpoint).toBe("https://management.azure.com");
  });
  it.each([
    ["usgovernment", "https://management.usgovcloudapi.net"],
    ["AzureUSGovernment", "https://management.usgovcloudapi.net"],
    ["china", "https://management.chinacloudapi.cn"],
    ["AzureChinaCloud", "https://management.chinacloudapi.cn"],
    ["public", "https://management.azure.com"],
  ])("knows %s", (name, endpoint) => {
    withConfig({});
    expect(resolveCloud(name, {}).resourceManagerEndpoint).toBe(endpoint);
  });
  it("reads ARM_ENVIRONMENT", () => {
    withConfig({});
    expect(resolveCloud(undefined, { ARM_ENVIRONMENT: "usgovernment" }).audience).toBe("https://management.usgovcloudapi.net");
  });
  it("rejects an unknown cloud naming the source", () => {
    withConfig({});
    expect(() => resolveCloud(undefined, { ARM_ENVIRONMENT: "mars" })).toThrow(/Unknown Azure environment "mars" \(from ARM_ENVIRONMENT\)/);
  });
});

describe("endpoints", () => {
  it("accepts https anywhere and http on loopback only", () => {
    expect(normalizeEndpoint("https://management.contoso.example/", "option")).toBe("https://management.contoso.example");
    expect(normalizeEndpoint("http://127.0.0.1:8443", "option")).toBe("http://127.0.0.1:8443");
    expect(normalizeEndpoint("http://localhost:8443", "option")).toBe("http://localhost:8443");
    expect(normalizeEndpoint("http://[::1]:8443", "option")).toBe("http://[::1]:8443");
  });
  it("keeps credentials in a rejected endpoint out of the message", () => {
    expect(() => normalizeEndpoint("https://user:s3cret@management.azure.com/?sig=abc", "option")).toThrow(
      /"https:\/\/management\.azure\.com"/,
    );
    try {
      normalizeEndpoint("http://user:s3cret@example.com/?sig=abc", "option");
    } catch (err) {
      expect((err as Error).message).not.toMatch(/s3cret|sig=abc/);
    }
    expect(() => normalizeEndpoint("not a url s3cret", "option")).toThrow(/^(?!.*s3cret)/);
  });
  it.each([
    "http://management.azure.com",
    "http://10.0.0.1",
    "http://127.0.0.1.nip.io",
    "ftp://x",
    "not a url",
    "https://x/path",
    "https://u:p@x",
  ])("rejects %s", (raw) => {
    expect(() => normalizeEndpoint(raw, "ARM_RESOURCE_MANAGER_ENDPOINT")).toThrow(BatchLookupError);
    expect(() => normalizeEndpoint(raw, "ARM_RESOURCE_MANAGER_ENDPOINT")).toThrow(/ARM_RESOURCE_MANAGER_ENDPOINT/);
  });
});
