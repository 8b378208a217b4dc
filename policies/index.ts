// The policy pack's entry point: `pulumi preview --policy-pack policies` and
// `pulumi policy analyze --policy-pack policies` load this file. Constructing the PolicyPack starts
// the analyzer's gRPC server, so nothing else may import this module: scripts use ./check
// (`checkBatchAccount`), tests use ./pack.

import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policyPackArgs } from "./pack";

new PolicyPack(PACK_NAME, policyPackArgs());
