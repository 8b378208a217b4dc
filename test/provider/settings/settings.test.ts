// The settings are declared once (provider/settings/settings.ts): the library resolves each one
// through its declared keys and environment variables, and the plugin's configuration, schema.json
// and the README's table are made from the same declaration.

import * as fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDER_CONFIG, readProviderConfig } from "../../../provider/plugin/provider-config";
import { resolveSetting, setPulumiConfigReader } from "../../../provider/settings/resolve";
import { SETTING_NAMES, SETTINGS, settingDeclaration, settingSchemaDescription } from "../../../provider/settings/settings";
import { SCHEMA_PATH } from "../../../scripts/generate-schema";
import { README_PATH, settingsTable, tableIn } from "../../../scripts/settings-table";

afterEach(() => setPulumiConfigReader(undefined));

describe("the settings' declaration", () => {
  it.each(SETTING_NAMES)("%s resolves through its declared keys and environment variables, in order", (name) => {
    const s = settingDeclaration(name);
    const config: Record<string, string> = {};
    setPulumiConfigReader((key) => config[key]);
    const env: Record<string, string> = {};
    expect(resolveSetting(name, undefined, env)).toBeUndefined();
    // Each source, added from the last to the first, wins over the ones after it.
    for (const variable of [...s.env].reverse()) {
      env[variable] = `env:${variable}`;
      expect(resolveSetting(name, undefined, env), variable).toEqual({ value: `env:${variable}`, source: variable });
    }
    if (s.azureNativeKey !== undefined) {
      config[`azure-native:${s.azureNativeKey}`] = "native";
      expect(resolveSetting(name, undefined, env)).toEqual({ value: "native", source: `azure-native:${s.azureNativeKey}` });
    }
    config[`azure-batch-lookup:${name}`] = "ours";
    expect(resolveSetting(name, undefined, env)).toEqual({ value: "ours", source: `azure-batch-lookup:${name}` });
    expect(resolveSetting(name, "explicit", env)).toEqual({ value: "explicit", source: "option" });
  });

  it("a key azure-native does not have is not read under azure-native:", () => {
    const withoutNative = SETTING_NAMES.filter((n) => settingDeclaration(n).azureNativeKey === undefined);
    expect(withoutNative.length).toBeGreaterThan(0);
    setPulumiConfigReader((key) => (key.startsWith("azure-native:") ? "native" : undefined));
    for (const name of withoutNative) expect(resolveSetting(name, undefined, {}), name).toBeUndefined();
  });

  it("is the plugin's configuration: every key accepted, nothing else", () => {
    expect(Object.keys(PROVIDER_CONFIG)).toEqual(SETTING_NAMES);
    const all = Object.fromEntries(SETTING_NAMES.map((n) => [n, "x"]));
    expect(readProviderConfig(all)).toEqual(all);
    expect(() => readProviderConfig({ notASetting: "x" })).toThrow(/Unknown configuration key azure-batch-lookup:notASetting/);
  });

  it("is schema.json's config and provider inputs: type, secret and description of each key", () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8"));
    const expected = Object.fromEntries(
      SETTING_NAMES.map((n) => [
        n,
        {
          ...(SETTINGS[n].type === "string[]" ? { type: "array", items: { type: "string" } } : { type: SETTINGS[n].type }),
          description: settingSchemaDescription(n),
          ...(SETTINGS[n].secret ? { secret: true } : {}),
        },
      ]),
    );
    expect(schema.config.variables).toEqual(expected);
    expect(schema.provider.inputProperties).toEqual(expected);
  });

  it("is the README's settings table, wherever the table sits (`node dist/scripts/settings-table.js --write` refreshes it)", () => {
    const table = tableIn(fs.readFileSync(README_PATH, "utf8"));
    expect(table, "README.md has no settings table").toBeDefined();
    expect(table).toBe(settingsTable());
    for (const name of SETTING_NAMES) expect(table).toContain(`| \`${name}\` |`);
  });
});
