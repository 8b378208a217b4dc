// Part 4, with lookups: 50 getBatchAccountOutput lookups (distinct accounts, from the stack's
// `bench-preview:accounts` configuration), each account's endpoint exported.
import * as pulumi from "@pulumi/pulumi";

const lookup = require("azure-batch-lookup") as typeof import("../../provider");

interface AccountRef {
  resourceGroupName: string;
  accountName: string;
}

const accounts = new pulumi.Config().requireObject<AccountRef[]>("accounts");

export const endpoints: Record<string, pulumi.Output<string | undefined>> = {};
for (const ref of accounts) {
  endpoints[ref.accountName] = lookup.getBatchAccountOutput(ref).apply((account) => account.accountEndpoint);
}
