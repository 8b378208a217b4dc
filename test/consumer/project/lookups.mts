// A plain ES module script (compiled to `import`): the Promise lookups and the rest of the API.
import {
  type AutoStorageProperties,
  BATCH_ACCOUNT_REFERENCE_TYPE,
  BATCH_API_VERSION,
  type BatchAccount,
  type BatchAccountListResult,
  BatchAccountReference,
  BatchLookupError,
  closeClients,
  getBatchAccount,
  getBatchAccountOutput,
  type LookupOptions,
  listBatchAccounts,
  listBatchAccountsOutput,
  type PublicNetworkAccessType,
  StaticTokenCredential,
} from "azure-batch-lookup";

async function main(): Promise<void> {
  const options: LookupOptions = {
    endpoint: process.env.EMULATOR_URL!,
    credential: new StaticTokenCredential(process.env.EMULATOR_TOKEN!),
  };
  const subscriptionId = process.env.EMULATOR_SUBSCRIPTION_ID!;
  const account: BatchAccount = await getBatchAccount(
    { accountName: "sampleacct", resourceGroupName: "default-azurebatch-japaneast", subscriptionId },
    options,
  );
  const list: BatchAccountListResult = await listBatchAccounts({ subscriptionId }, options);
  const autoStorage: AutoStorageProperties | undefined = account.autoStorage;
  const access: PublicNetworkAccessType | undefined = account.publicNetworkAccess;
  let rejected: { code: string; target?: string } | undefined;
  try {
    await getBatchAccount({ accountName: "no!", resourceGroupName: "rg", subscriptionId }, options);
  } catch (err) {
    if (err instanceof BatchLookupError) rejected = { code: err.code, target: err.target };
  }
  await closeClients();
  process.stdout.write(
    `${JSON.stringify({
      module: typeof require === "function" ? "commonjs" : "esm",
      accountId: account.id,
      accountEndpoint: account.accountEndpoint,
      autoStorageAccountId: autoStorage?.storageAccountId,
      publicNetworkAccess: access,
      azureApiVersion: account.azureApiVersion,
      listed: list.value.map((a) => a.id).sort(),
      rejected,
      apiVersion: BATCH_API_VERSION,
      referenceType: BATCH_ACCOUNT_REFERENCE_TYPE,
      outputForms: [typeof getBatchAccountOutput, typeof listBatchAccountsOutput, typeof BatchAccountReference],
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
