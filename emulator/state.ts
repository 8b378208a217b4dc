/**
 * The parts of a running emulator (data, tokens, quotas, faults, paging, request log) and how they
 * go back to their start state. The request handlers read them; the control API changes them.
 */
import { DEFAULT_TOKEN_GRANTS, TokenRegistry } from "./auth";
import { EMULATOR_API_VERSION, EMULATOR_TENANT_ID } from "./constants";
import type { EmulatorData } from "./data-file";
import { loadEmulatorData } from "./data-set";
import { Delays } from "./delivery";
import { EntraTokenService } from "./entra/token-service";
import { EstateStore } from "./estate-store";
import { FaultController } from "./faults";
import { DEFAULT_PAGING, type PagingSettings, validatePaging } from "./paging";
import { ReadQuota } from "./rate-limit";
import { ResourceGraphQuota } from "./resource-graph-quota";
import { DEFAULT_RESOURCE_GRAPH_SETTINGS, type ResourceGraphSettings, validateResourceGraphSettings } from "./resource-graph-settings";
import { RequestLog } from "./stats";
import { AccountStore } from "./store";
import type { EmulatorOptions } from "./types";

export class EmulatorState {
  /** Supported api-versions of the Batch operations; the first is the one the emulator names. */
  readonly apiVersions: readonly string[];
  /** Tenant named in WWW-Authenticate challenges. */
  readonly tenantId: string;
  /** The loaded data; private to the state and never mutated, so the store may share its objects. */
  readonly initialData: EmulatorData;
  readonly store: AccountStore;
  /** Pools, diagnostic settings and DNS zone groups. */
  readonly estate: EstateStore;
  readonly tokens: TokenRegistry;
  readonly log: RequestLog;
  readonly quota: ReadQuota;
  readonly graphQuota: ResourceGraphQuota;
  readonly graphSettings: ResourceGraphSettings;
  readonly faults: FaultController;
  /** The local Microsoft Entra ID (token service, metadata, managed identity and Actions endpoints). */
  readonly entra = new EntraTokenService();
  /** Pending fault delays, cancelled when the emulator stops. */
  readonly delays = new Delays();
  private pagingSettings: PagingSettings;

  constructor(private readonly options: EmulatorOptions) {
    this.apiVersions = options.apiVersions ?? [EMULATOR_API_VERSION];
    if (this.apiVersions.length === 0) throw new Error("apiVersions must not be empty");
    this.tenantId = options.tenantId ?? EMULATOR_TENANT_ID;
    this.initialData = loadEmulatorData(options);
    this.store = new AccountStore(this.initialData, false);
    this.estate = new EstateStore(this.initialData);
    this.tokens = new TokenRegistry(options.tokens ?? DEFAULT_TOKEN_GRANTS, this.tenantId, options.acceptAnyToken ?? false);
    this.tokens.accessTokenChecker = (token, now) => {
      const port = this.entra.origin === "" ? 0 : Number(new URL(this.entra.origin).port);
      const checked = this.entra.checkAccessToken(token, port, now);
      if (checked === undefined) return undefined;
      return checked.ok
        ? { ok: true, principalId: checked.identity.objectId }
        : checked.expiredAt === undefined
          ? { ok: false }
          : { ok: false, expiredAt: checked.expiredAt };
    };
    this.log = new RequestLog(options.maxLogEntries ?? 10_000);
    this.quota = new ReadQuota(options.rateLimit);
    const { quota: graphQuota, ...graphSettings } = options.resourceGraph ?? {};
    this.graphQuota = new ResourceGraphQuota(graphQuota);
    this.graphSettings = { ...DEFAULT_RESOURCE_GRAPH_SETTINGS, ...validateResourceGraphSettings(graphSettings) };
    this.pagingSettings = this.initialPaging();
    this.faults = new FaultController(options.seed ?? 1);
    this.armStartFaults();
  }

  /** The current paging settings (the handlers read this object; setPaging replaces it). */
  get paging(): PagingSettings {
    return this.pagingSettings;
  }

  setPaging(paging: Partial<PagingSettings>): void {
    validatePaging(paging);
    const next: PagingSettings = { ...this.pagingSettings, ...paging };
    // null (from JSON) or undefined clears the override.
    if (next.nextLinkOrigin == null) delete next.nextLinkOrigin;
    this.pagingSettings = next;
  }

  /** Back to the loaded data only. */
  resetData(): void {
    this.store.load(this.initialData, false);
    this.estate.load(this.initialData);
  }

  /** Back to the start state: data, faults (re-armed from options), RNG seed, stats, paging, tokens, quotas. */
  reset(): void {
    this.resetData();
    this.faults.clear();
    this.faults.seed(this.options.seed ?? 1);
    this.armStartFaults();
    this.log.clear();
    this.pagingSettings = this.initialPaging();
    this.tokens.set(this.options.tokens ?? DEFAULT_TOKEN_GRANTS);
    this.quota.reset();
    this.graphQuota.reset();
    this.entra.reset();
  }

  private armStartFaults(): void {
    for (const f of this.options.faults ?? []) this.faults.add(f);
  }

  private initialPaging(): PagingSettings {
    const o = this.options;
    const p = validatePaging({
      pageSize: o.pageSize ?? DEFAULT_PAGING.pageSize,
      emptyPages: o.emptyPages ?? DEFAULT_PAGING.emptyPages,
      nextLinkOrigin: o.nextLinkOrigin,
      repeatNextLink: o.repeatNextLink ?? DEFAULT_PAGING.repeatNextLink,
    });
    return { ...DEFAULT_PAGING, ...p } as PagingSettings;
  }
}
