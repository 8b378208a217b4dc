// BatchGuard: the package's policies as a policy pack, configured in code (the awsguard way).
//
//   import { BatchGuard } from "azure-batch-policies";
//   new BatchGuard({ all: "mandatory", "batch-allowed-locations": { allowedLocations: ["westeurope"] } });
//
// The configuration is validated when the guard is constructed (a PolicyConfigError names the
// policy and the option) and becomes the pack's initial configuration; `--policy-pack-config` is
// applied over it by the engine, and checked again when the engine hands it to the pack.

import { PolicyPack, type PolicyPackConfig } from "@pulumi/policy";
import { type BatchPolicyConfig, enforcementLevelFor, optionsFromPackConfig, validatePackConfig } from "./config";
import { checkConfigurationAtLoad } from "./load-check";
import { PACK_NAME, policyPackArgs } from "./pack";
import { ALL_POLICIES } from "./registry";

/** Every policy's level and options, fully resolved (what `new PolicyPack` takes as its initial configuration). */
export function initialConfig(config: BatchPolicyConfig): PolicyPackConfig {
  const out: PolicyPackConfig = {};
  for (const def of ALL_POLICIES)
    out[def.name] = { enforcementLevel: enforcementLevelFor(def, config), ...optionsFromPackConfig(def, config) };
  return out;
}

export interface BatchGuardOptions {
  /** The pack's name (default `azure-batch-policies`). */
  name?: string;
}

export class BatchGuard {
  readonly pack: PolicyPack;

  constructor(config: BatchPolicyConfig = {}, options: BatchGuardOptions = {}) {
    validatePackConfig(config, ALL_POLICIES);
    checkConfigurationAtLoad(ALL_POLICIES);
    this.pack = new PolicyPack(options.name ?? PACK_NAME, policyPackArgs(), initialConfig(config));
  }
}
