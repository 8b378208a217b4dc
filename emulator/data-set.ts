/**
 * The data an emulator starts with: the default data set (the accounts of the official examples),
 * a data file or object, plus generated accounts and tenants.
 */
import defaultData from "./data/default-accounts.json";
import { cloneJson, type EmulatorData, loadDataFile, mergeData, validateData } from "./data-file";
import { generateDataSet, generateTenantDataSet } from "./generate";
import type { EmulatorOptions } from "./types";

/** The default data set (a validated deep copy each call). */
export function defaultEmulatorData(): EmulatorData {
  return validateData(cloneJson(defaultData), "emulator/data/default-accounts.json");
}

/** The start data of an emulator with these options (validated; a fresh copy the caller owns). */
export function loadEmulatorData(options: Pick<EmulatorOptions, "data" | "generate" | "generateTenant">): EmulatorData {
  let data =
    options.data === undefined
      ? defaultEmulatorData()
      : typeof options.data === "string"
        ? loadDataFile(options.data)
        : validateData(cloneJson(options.data), "options.data");
  const gens = options.generate === undefined ? [] : Array.isArray(options.generate) ? options.generate : [options.generate];
  if (gens.length > 0) data = mergeData(data, ...gens.map((g) => generateDataSet(g)));
  if (options.generateTenant) data = mergeData(data, generateTenantDataSet(options.generateTenant));
  return data;
}
