// Part 4, the baseline: the same stack and configuration as lookups.ts, with 50 constant outputs
// in place of the lookups.
import * as pulumi from "@pulumi/pulumi";

interface AccountRef {
  resourceGroupName: string;
  accountName: string;
}

const accounts = new pulumi.Config().requireObject<AccountRef[]>("accounts");

export const endpoints: Record<string, pulumi.Output<string | undefined>> = {};
for (const ref of accounts) {
  endpoints[ref.accountName] = pulumi.output(`${ref.accountName}.westeurope.batch.azure.com`);
}
