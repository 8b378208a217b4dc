// `azure-batch-policies --help`. The rule lists come from the registry, so they cannot go stale.

import { POOL_RULES, RULES, STACK_RULES } from "../registry";

export function helpText(): string {
  const names = (rules: readonly { name: string }[]) => rules.map((r) => `  ${r.name}`).join("\n");
  return `Usage: azure-batch-policies audit [flags]

Lists the existing Azure Batch accounts in a scope through Azure Resource Manager, reads what
belongs to each (its pools, its diagnostic settings, the DNS zone groups of its private endpoints)
and judges them with the rules of azure-batch-policies, the same rule code the policy pack runs on
a stack. No Pulumi program, stack or engine is involved.

Scope (one of; default: the subscription of ARM_SUBSCRIPTION_ID / AZURE_SUBSCRIPTION_ID):
  -s, --subscription ID        A subscription to audit; repeat it to audit several at once.
  -g, --resource-group NAME    Only the accounts of this resource group (one --subscription).
  -m, --management-group ID    Every subscription under this management group, nested groups
                               included (repeatable).
      --tenant                 Every subscription the credential can read.
      --source resourceGraph|arm
                               Where several subscriptions, management groups and the tenant are
                               listed. resourceGraph (default): Azure Resource Graph, one query
                               per 1,000 subscriptions, but its data trails ARM by seconds to
                               minutes. arm: Batch Account - List in every subscription (for
                               --tenant, the subscriptions found through ARM first): ARM's
                               current view, one request chain per subscription; not for
                               management groups. One subscription, or a resource group, is
                               listed through ARM unless --source resourceGraph is given with
                               --subscription.

Rules:
  -c, --config FILE            Policy configuration: the JSON of pulumi preview
                               --policy-pack-config, e.g. {"all": "mandatory",
                               "batch-allowed-locations": {"allowedLocations": ["westeurope"]}}.
                               Checked before any request; a mistake names the policy and option.
      --accounts-only          Judge the accounts alone: no pool, diagnostic setting or DNS zone
                               group reads (one request chain per scope instead of 2 or more per
                               account); the pool, resource-log and DNS zone rules are not judged.
      --fail-on LEVEL|SEVERITY
                               Exit 1 when a rule at this level fails: mandatory (default),
                               advisory (advisory or mandatory), none (never); remediate counts as
                               mandatory (an audit changes nothing). Or when a violation of this
                               severity or higher is found, whatever its level: critical, high,
                               medium, low.
  -e, --exemptions FILE        Accepted violations, JSON: {"exemptions": [{"rule":
                               "batch-pool-no-public-ip", "resource": "/subscriptions/*/
                               resourceGroups/rg-render/**", "reason": "render farm, reviewed
                               by SEC-123", "expires": "2027-03-31"}]}. rule: a rule or "*";
                               resource: an ARM id, or a pattern (* within a segment, ** across
                               segments; case-insensitive); expires: optional last day (UTC).
                               Exempted violations stay in every report, marked EXEMPT with the
                               reason, and never fail the audit; an expired exemption exempts
                               nothing and is reported.

Output:
  -f, --format table|json|sarif
                               table (default): one row per finding and a summary by outcome,
                               severity and rule; on a terminal, fitted to its width (COLUMNS),
                               one header line per account, coloured unless NO_COLOR is set;
                               piped, one line per finding with every column;
                               json: the whole report (formatVersion 3, see the README);
                               sarif: SARIF 2.1.0 for GitHub code scanning and other dashboards.
  -o, --output FILE            Write the report to FILE instead of stdout; the summary then goes
                               to stderr.
      --output-json FILE       Also write the JSON report to FILE (same run, same findings).
      --output-sarif FILE      Also write the SARIF log to FILE.
      --show-passed            The table also lists passed and not-applicable rules.
      --progress, --no-progress
                               Progress on stderr (default: on a terminal, one line updated in
                               place; in CI, where the CI variable is set, or with --progress
                               elsewhere, a line at most every 5 s). Shows retries and waits.
  -q, --quiet                  No progress, and nothing on stderr but errors.

Size:
      --max-accounts N         Most accounts the listing may return (default 100000).
      --max-list-bytes N       Most bytes the listing may read (default 268435456, 256 MiB; an
                               account takes 2 to 3 KB). Past either cap the audit fails with
                               ListTooLarge rather than judge part of the estate.

Connection:
      --endpoint URL           The ARM endpoint (default: ARM_RESOURCE_MANAGER_ENDPOINT, then the
                               cloud of ARM_ENVIRONMENT, then https://management.azure.com).
  Credentials and the rest come from azure-batch-lookup's usual settings: DefaultAzureCredential
  (az login, ARM_CLIENT_ID/ARM_CLIENT_SECRET/ARM_TENANT_ID, workload or managed identity), or a
  static token in AZURE_BATCH_LOOKUP_TOKEN; NODE_EXTRA_CA_CERTS for a private CA;
  AZURE_BATCH_LOOKUP_MAX_CONCURRENT_REQUESTS; AZURE_LOG_LEVEL=info to see each request.

Other:
  -h, --help                   This text.
      --version                The version of azure-batch-policies.

Rules an audit runs: the account rules (applied as to an existing account):
${names(RULES)}
the pool rules, on each pool (Pool - List By Batch Account):
${names(POOL_RULES)}
and the estate rules, on the account's diagnostic settings (Microsoft.Insights) and its private
endpoints' DNS zone groups (Microsoft.Network):
${names(STACK_RULES)}
A read the credential may not make (403) leaves its rules "not judged" for that account or
endpoint, naming the missing permission (Microsoft.Batch/batchAccounts/pools/read,
Microsoft.Insights/diagnosticSettings/read,
Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read); the audit goes on.

Exit codes: 0 no failing rule; 1 a rule at the --fail-on level failed; 2 bad flags,
configuration or exemptions; 3 the accounts, or what belongs to them, could not be read (ARM error
other than 403, network, credential).

Examples:
  npx azure-batch-policies audit --subscription 00000000-0000-0000-0000-000000000000
  npx azure-batch-policies audit -s 00000000-0000-0000-0000-000000000000 -g rg-batch --show-passed
  npx azure-batch-policies audit --management-group contoso --config policy-config.json
  npx azure-batch-policies audit --tenant --source arm --fail-on advisory
  npx azure-batch-policies audit --format sarif --output batch-audit.sarif
  npx azure-batch-policies audit --tenant --output-sarif batch-audit.sarif --fail-on high -e exemptions.json
  npx azure-batch-policies audit --format json | jq '.summary'
`;
}
