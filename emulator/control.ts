/**
 * The RunningEmulator handed to callers: where the emulator listens, and the control API over its
 * state (data, tokens, paging, stats, faults) that tests and the admin endpoint use.
 */

import type { TokenGrant } from "./auth";
import { ADMIN_PATH_PREFIX, EMULATOR_TOKEN } from "./constants";
import type { ArmBatchAccount, EmulatorData, ResourceGroupDeclaration, SubscriptionDeclaration } from "./data-file";
import type { EntraTokenService } from "./entra/token-service";
import type { FaultController, FaultSpec } from "./faults";
import type { Listener } from "./listener";
import type { ManagementGroupDeclaration } from "./management-groups";
import type { PagingSettings } from "./paging";
import type { EmulatorState } from "./state";
import type { EmulatorStats } from "./stats";
import type { AccountRef } from "./store";
import type { RunningEmulator } from "./types";

export class Emulator implements RunningEmulator {
  readonly faults: FaultController;
  readonly entra: EntraTokenService;
  readonly apiVersion: string;
  private listener?: Listener;
  private stopping?: Promise<void>;

  constructor(private readonly state: EmulatorState) {
    this.faults = state.faults;
    this.entra = state.entra;
    this.apiVersion = state.apiVersions[0];
  }

  /** Connects the emulator to the server it answers on (once, right after it listens). */
  attach(listener: Listener): void {
    this.listener = listener;
  }

  private get site(): Listener {
    if (!this.listener) throw new Error("the emulator is not listening yet");
    return this.listener;
  }

  // ---- where it listens -------------------------------------------------------------------------

  get url(): string {
    return this.site.url;
  }
  get adminUrl(): string {
    return `${this.site.url}${ADMIN_PATH_PREFIX}`;
  }
  get host(): string {
    return this.site.host;
  }
  get port(): number {
    return this.site.port;
  }
  get https(): boolean {
    return this.site.https;
  }
  get caCertPem(): string | undefined {
    return this.site.caCertPem;
  }
  get certPem(): string | undefined {
    return this.site.certPem;
  }
  get caCertPath(): string | undefined {
    return this.site.caCertPath;
  }
  get caBundlePath(): string | undefined {
    return this.site.caBundlePath;
  }
  get caBundleIncludes(): string | undefined {
    return this.site.caBundleIncludes;
  }

  get token(): string {
    return this.state.tokens.list()[0]?.token ?? EMULATOR_TOKEN;
  }

  get env(): Record<string, string> {
    const { store, initialData } = this.state;
    const env: Record<string, string> = { ARM_RESOURCE_MANAGER_ENDPOINT: this.url, AZURE_BATCH_LOOKUP_TOKEN: this.token };
    if (this.caBundlePath) env.NODE_EXTRA_CA_CERTS = this.caBundlePath;
    // The data set's default subscription (the default data set's holds every example's default
    // account), else the subscription with the most accounts.
    const declared = initialData.defaultSubscriptionId;
    let best = declared === undefined ? undefined : store.subscription(declared)?.subscriptionId;
    let most = -1;
    for (const s of best === undefined ? store.subscriptions() : []) {
      const n = store.accountsOfSubscriptions([s.subscriptionId]).length;
      if (n > most) [best, most] = [s.subscriptionId, n];
    }
    if (best) env.ARM_SUBSCRIPTION_ID = best;
    return env;
  }

  // ---- control API --------------------------------------------------------------------------------

  injectFault(spec: FaultSpec): string {
    return this.faults.add(spec);
  }

  stats(): EmulatorStats {
    return this.state.log.snapshot();
  }
  clearStats(): void {
    this.state.log.clear();
  }

  get paging(): PagingSettings {
    return { ...this.state.paging };
  }
  setPaging(paging: Partial<PagingSettings>): void {
    this.state.setPaging(paging);
  }

  listTokens(): TokenGrant[] {
    return this.state.tokens.list();
  }
  setTokens(grants: TokenGrant[]): void {
    this.state.tokens.set(grants);
  }
  addToken(grant: TokenGrant): void {
    this.state.tokens.add(grant);
  }
  removeToken(token: string): boolean {
    return this.state.tokens.remove(token);
  }

  getAccount(ref: AccountRef): ArmBatchAccount | undefined {
    return this.state.store.get(ref);
  }
  listAccounts(filter?: { subscriptionId?: string; resourceGroupName?: string }): ArmBatchAccount[] {
    return this.state.store.list(filter);
  }
  upsertAccount(account: ArmBatchAccount): { created: boolean; account: ArmBatchAccount } {
    const result = this.state.store.upsert(account);
    this.state.estate.addEndpointsOf(result.account);
    return result;
  }
  patchAccount(ref: AccountRef, patch: Record<string, unknown>): ArmBatchAccount {
    return this.state.store.patch(ref, patch);
  }
  deleteAccount(ref: AccountRef): boolean {
    return this.state.store.delete(ref);
  }

  subscriptions(): SubscriptionDeclaration[] {
    return this.state.store.subscriptions();
  }
  managementGroups(): ManagementGroupDeclaration[] {
    return this.state.store.managementGroups.list();
  }
  addSubscription(decl: SubscriptionDeclaration): void {
    this.state.store.addSubscription(decl);
  }
  removeSubscription(subscriptionId: string): boolean {
    return this.state.store.removeSubscription(subscriptionId);
  }
  addResourceGroup(subscriptionId: string, decl: ResourceGroupDeclaration): void {
    this.state.store.addResourceGroup(subscriptionId, decl);
  }
  removeResourceGroup(subscriptionId: string, resourceGroupName: string): boolean {
    return this.state.store.removeResourceGroup(subscriptionId, resourceGroupName);
  }

  snapshot(): EmulatorData {
    const data = this.state.store.snapshot();
    for (const kind of ["pools", "diagnosticSettings", "privateDnsZoneGroups"] as const) {
      const items = this.state.estate.all(kind);
      if (items.length > 0) data[kind] = JSON.parse(JSON.stringify(items));
    }
    return data;
  }
  resetData(): void {
    this.state.resetData();
  }
  reset(): void {
    this.state.reset();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.state.delays.cancelAll();
      await this.listener?.close();
    })();
    return this.stopping;
  }
}
