/**
 * The emulator's public types: the options of startEmulator and the RunningEmulator it returns
 * (its URL and TLS files, the fault registry, and the control API over data, tokens, paging and stats).
 */
import type { TokenGrant } from "./auth";
import type { ArmBatchAccount, EmulatorData, ResourceGroupDeclaration, SubscriptionDeclaration } from "./data-file";
import type { EntraTokenService } from "./entra/token-service";
import type { FaultController, FaultSpec } from "./faults";
import type { GenerateOptions, TenantGenerateOptions } from "./generate";
import type { ManagementGroupDeclaration } from "./management-groups";
import type { PagingSettings } from "./paging";
import type { RateLimitOptions } from "./rate-limit";
import type { ResourceGraphQuotaOptions } from "./resource-graph-quota";
import type { ResourceGraphSettings } from "./resource-graph-settings";
import type { EmulatorStats } from "./stats";
import type { AccountRef } from "./store";

export interface EmulatorOptions {
  /** Loopback address to listen on: "127.0.0.1" (default), "::1" or "localhost" (= 127.0.0.1). Anything else is refused. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Serve HTTPS with a generated certificate (default true); false = plain HTTP. */
  https?: boolean;
  /** Use this key/certificate instead of generating one (`ca` = what clients must trust; default `cert`). */
  tlsCertificate?: { key: string; cert: string; ca?: string };
  /** Where to write the CA PEM (default: a new temporary directory, removed by stop()). */
  caCertPath?: string;
  /**
   * A CA file clients already trust (default: this process's NODE_EXTRA_CA_CERTS). `env` then names
   * a bundle of it and the emulator's CA (`caBundlePath`), so pasting the printed export keeps it.
   */
  trustedCaFile?: string;
  /** Data set: an object in the data file format or the path of a data file. Default: the default data set. */
  data?: EmulatorData | string;
  /** Generated accounts added to the data (see generateDataSet). */
  generate?: GenerateOptions | GenerateOptions[];
  /** A generated multi-subscription tenant added to the data (see generateTenantDataSet). */
  generateTenant?: TenantGenerateOptions;
  /** Azure Resource Graph: page size without $top, the tenant subscription limit, the per-user query quota. */
  resourceGraph?: Partial<ResourceGraphSettings> & { quota?: ResourceGraphQuotaOptions };
  /** Accounts per list page (default 100). */
  pageSize?: number;
  /** Empty pages served before every page of accounts (default 0). */
  emptyPages?: number;
  /** Origin used in nextLink URLs instead of the emulator's own. */
  nextLinkOrigin?: string;
  /** Every list page links to itself (default false). */
  repeatNextLink?: boolean;
  /** Supported api-versions (default ["2024-07-01"]); others get 400 NoRegisteredProviderFound. */
  apiVersions?: string[];
  /** Accepted bearer tokens (default DEFAULT_TOKEN_GRANTS: EMULATOR_TOKEN and the expired / no-access / limited tokens). */
  tokens?: TokenGrant[];
  /** Accept any bearer token not in `tokens` as a principal that may read everything (default false). */
  acceptAnyToken?: boolean;
  /** Tenant named in WWW-Authenticate challenges (default EMULATOR_TENANT_ID). */
  tenantId?: string;
  /** Faults armed at start (and again after reset()). */
  faults?: FaultSpec[];
  /** Seed of the RNG behind `probability` faults (default 1). */
  seed?: number;
  /** The read quota behind x-ms-ratelimit-remaining-subscription-reads. */
  rateLimit?: RateLimitOptions;
  /** Requests kept in the stats log (default 10000; 0 = none). */
  maxLogEntries?: number;
}

export interface RunningEmulator {
  /** Base URL (the ARM endpoint), e.g. https://127.0.0.1:43127 */
  readonly url: string;
  /** Base URL of the admin endpoint: `${url}/_emulator` */
  readonly adminUrl: string;
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
  /** The first accepted token (EMULATOR_TOKEN by default). */
  readonly token: string;
  /** The first supported api-version ("2024-07-01"). */
  readonly apiVersion: string;
  /** PEM of the CA clients must trust (HTTPS only). */
  readonly caCertPem?: string;
  /** PEM of the server certificate (HTTPS only). */
  readonly certPem?: string;
  /** File holding `caCertPem` (for NODE_EXTRA_CA_CERTS; HTTPS only). */
  readonly caCertPath?: string;
  /** The file `env.NODE_EXTRA_CA_CERTS` names: the trusted CA file's certificates and `caCertPem`, or `caCertPath` when there is none. */
  readonly caBundlePath?: string;
  /** The CA file whose certificates `caBundlePath` keeps, if any. */
  readonly caBundleIncludes?: string;
  /** Environment settings that point a client at this emulator. */
  readonly env: Record<string, string>;
  /**
   * The local Microsoft Entra ID: point @azure/identity's authority host at `url` (its
   * `authorityHost`); the directory's applications and managed identities, federated tokens of its
   * GitHub-style issuer, faults of the token endpoints, and the token requests it received.
   */
  readonly entra: EntraTokenService;
  /** The fault API: add(spec) → id, remove(id), clear(), list(), seed(n). */
  readonly faults: FaultController;
  /**
   * @deprecated Use `faults.add(spec)`, the one fault API; kept so that existing suites keep
   * working (it is `faults.add`).
   */
  injectFault(spec: FaultSpec): string;
  stats(): EmulatorStats;
  clearStats(): void;
  readonly paging: PagingSettings;
  setPaging(paging: Partial<PagingSettings>): void;
  listTokens(): TokenGrant[];
  setTokens(grants: TokenGrant[]): void;
  addToken(grant: TokenGrant): void;
  removeToken(token: string): boolean;
  getAccount(ref: AccountRef): ArmBatchAccount | undefined;
  listAccounts(filter?: { subscriptionId?: string; resourceGroupName?: string }): ArmBatchAccount[];
  /** Adds or replaces an account (raw ARM JSON); declares its subscription / resource group if needed. */
  upsertAccount(account: ArmBatchAccount): { created: boolean; account: ArmBatchAccount };
  /** JSON merge patch (RFC 7396) of an account, e.g. { properties: { publicNetworkAccess: "Disabled" } }. */
  patchAccount(ref: AccountRef, patch: Record<string, unknown>): ArmBatchAccount;
  deleteAccount(ref: AccountRef): boolean;
  subscriptions(): SubscriptionDeclaration[];
  /** The management groups of the data set. */
  managementGroups(): ManagementGroupDeclaration[];
  addSubscription(decl: SubscriptionDeclaration): void;
  removeSubscription(subscriptionId: string): boolean;
  addResourceGroup(subscriptionId: string, decl: ResourceGroupDeclaration): void;
  removeResourceGroup(subscriptionId: string, resourceGroupName: string): boolean;
  /** Current data in the data file format. */
  snapshot(): EmulatorData;
  /** Back to the start state: data, faults (re-armed from options), RNG seed, stats, paging, tokens, quota. */
  reset(): void;
  /** Back to the loaded data only. */
  resetData(): void;
  stop(): Promise<void>;
}
