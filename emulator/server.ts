/**
 * The emulator's HTTP(S) server: loopback only, ARM headers on every response, fault injection
 * before the ARM handlers, the admin endpoint under /_emulator, and the RunningEmulator control API.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin";
import { type ArmResponse, armError } from "./arm-errors";
import { type ArmContext, handleArmRequest } from "./arm-handlers";
import { DEFAULT_TOKEN_GRANTS, type TokenGrant, TokenRegistry } from "./auth";
import { ADMIN_PATH_PREFIX, EMULATOR_API_VERSION, EMULATOR_PRINCIPAL_ID, EMULATOR_TENANT_ID, EMULATOR_TOKEN } from "./constants";
import defaultData from "./data/default-accounts.json";
import {
  type ArmBatchAccount,
  cloneJson,
  type EmulatorData,
  loadDataFile,
  mergeData,
  type ResourceGroupDeclaration,
  type SubscriptionDeclaration,
  validateData,
} from "./data-file";
import { Delays, deliverFault, type Exchange, type FaultRequestInfo, send } from "./delivery";
import { FaultController, type FaultSpec } from "./faults";
import { type GenerateOptions, generateDataSet, generateTenantDataSet, type TenantGenerateOptions } from "./generate";
import type { ManagementGroupDeclaration } from "./management-groups";
import { DEFAULT_PAGING, type PagingSettings, validatePaging } from "./paging";
import { type RateLimitOptions, ReadQuota } from "./rate-limit";
import {
  DEFAULT_RESOURCE_GRAPH_SETTINGS,
  handleResourceGraphRequest,
  type ResourceGraphSettings,
  validateResourceGraphSettings,
} from "./resource-graph";
import { ResourceGraphQuota, type ResourceGraphQuotaOptions } from "./resource-graph-quota";
import { type MatchedRoute, matchRoute } from "./routes";
import { type EmulatorStats, RequestLog, type RequestRecord } from "./stats";
import { type AccountRef, AccountStore } from "./store";
import { handleSubscriptionsRequest } from "./subscriptions";
import { emulatorTlsMaterial, type TlsMaterial, writeCaBundle, writeCaFile } from "./tls";

/** The default data set (a validated deep copy each call). */
export function defaultEmulatorData(): EmulatorData {
  return validateData(cloneJson(defaultData), "emulator/data/default-accounts.json");
}

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
  /** Fault registry: add(spec) → id, remove(id), clear(), list(), seed(n). */
  readonly faults: FaultController;
  /** Same as faults.add(spec). */
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

const LOOPBACK_HOSTS: Record<string, string> = {
  "127.0.0.1": "127.0.0.1",
  localhost: "127.0.0.1",
  "::1": "::1",
  "[::1]": "::1",
};

/** Resolves a host option to a loopback address, or throws. */
export function loopbackAddress(host: string | undefined): string {
  const h = (host ?? "127.0.0.1").trim().toLowerCase();
  if (h in LOOPBACK_HOSTS) return LOOPBACK_HOSTS[h];
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return h;
  throw new Error(
    `The Azure Batch ARM emulator listens only on loopback; refusing host ${JSON.stringify(host)}. ` +
      'Use "127.0.0.1", "::1" or "localhost".',
  );
}

function loadData(options: EmulatorOptions): EmulatorData {
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

function compactTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

class Emulator implements RunningEmulator {
  url = "";
  adminUrl = "";
  port = 0;
  readonly host: string;
  readonly https: boolean;
  readonly apiVersion: string;
  caCertPem?: string;
  certPem?: string;
  caCertPath?: string;
  caBundlePath?: string;
  caBundleIncludes?: string;
  readonly faults: FaultController;

  private server!: http.Server;
  private readonly store: AccountStore;
  private readonly initialData: EmulatorData;
  private readonly tokens: TokenRegistry;
  private readonly log: RequestLog;
  private readonly quota: ReadQuota;
  private readonly graphQuota: ResourceGraphQuota;
  private readonly graphSettings: ResourceGraphSettings;
  private readonly delays = new Delays();
  private readonly apiVersions: string[];
  private readonly tenantId: string;
  private pagingSettings: PagingSettings;
  private cleanupCa: () => void = () => {};
  private stopping?: Promise<void>;

  constructor(private readonly options: EmulatorOptions) {
    this.host = loopbackAddress(options.host);
    this.https = options.https ?? true;
    this.apiVersions = options.apiVersions ?? [EMULATOR_API_VERSION];
    if (this.apiVersions.length === 0) throw new Error("apiVersions must not be empty");
    this.apiVersion = this.apiVersions[0];
    this.tenantId = options.tenantId ?? EMULATOR_TENANT_ID;
    this.initialData = loadData(options);
    // initialData is private and never mutated: the store may share its account objects.
    this.store = new AccountStore(this.initialData, false);
    this.tokens = new TokenRegistry(options.tokens ?? DEFAULT_TOKEN_GRANTS, this.tenantId, options.acceptAnyToken ?? false);
    this.log = new RequestLog(options.maxLogEntries ?? 10_000);
    this.quota = new ReadQuota(options.rateLimit);
    const { quota: graphQuota, ...graphSettings } = options.resourceGraph ?? {};
    this.graphQuota = new ResourceGraphQuota(graphQuota);
    this.graphSettings = { ...DEFAULT_RESOURCE_GRAPH_SETTINGS, ...validateResourceGraphSettings(graphSettings) };
    this.pagingSettings = this.initialPaging();
    this.faults = new FaultController(options.seed ?? 1);
    for (const f of options.faults ?? []) this.faults.add(f);
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

  get token(): string {
    return this.tokens.list()[0]?.token ?? EMULATOR_TOKEN;
  }

  get env(): Record<string, string> {
    const env: Record<string, string> = { ARM_RESOURCE_MANAGER_ENDPOINT: this.url, AZURE_BATCH_LOOKUP_TOKEN: this.token };
    if (this.caBundlePath) env.NODE_EXTRA_CA_CERTS = this.caBundlePath;
    // The data set's default subscription (the default data set's holds every example's default
    // account), else the subscription with the most accounts.
    const declared = this.initialData.defaultSubscriptionId;
    let best = declared === undefined ? undefined : this.store.subscription(declared)?.subscriptionId;
    let most = -1;
    for (const s of best === undefined ? this.store.subscriptions() : []) {
      const n = this.store.accountsOfSubscriptions([s.subscriptionId]).length;
      if (n > most) [best, most] = [s.subscriptionId, n];
    }
    if (best) env.ARM_SUBSCRIPTION_ID = best;
    return env;
  }

  async start(): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res);
    if (this.https) {
      let tls: TlsMaterial;
      if (this.options.tlsCertificate) {
        const t = this.options.tlsCertificate;
        tls = { key: t.key, cert: t.cert, ca: t.ca ?? t.cert };
      } else {
        tls = await emulatorTlsMaterial();
      }
      this.caCertPem = tls.ca;
      this.certPem = tls.cert;
      const written = writeCaFile(tls.ca, this.options.caCertPath);
      this.caCertPath = written.path;
      this.cleanupCa = written.cleanup;
      const bundle = writeCaBundle(
        tls.ca,
        written.path,
        "trustedCaFile" in this.options ? this.options.trustedCaFile : process.env.NODE_EXTRA_CA_CERTS,
      );
      this.caBundlePath = bundle.path;
      this.caBundleIncludes = bundle.includes;
      this.server = https.createServer({ key: tls.key, cert: tls.cert }, handler);
    } else {
      this.server = http.createServer(handler);
    }
    this.server.on("clientError", (_err, socket) => socket.destroy());
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        this.cleanupCa();
        reject(err);
      };
      this.server.once("error", onError);
      this.server.listen({ host: this.host, port: this.options.port ?? 0 }, () => {
        this.server.off("error", onError);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    const hostPart = this.host.includes(":") ? `[${this.host}]` : this.host;
    this.url = `${this.https ? "https" : "http"}://${hostPart}:${this.port}`;
    this.adminUrl = `${this.url}${ADMIN_PATH_PREFIX}`;
  }

  /** The origin the client used (a loopback Host with our port), else our URL. */
  private originFor(req: http.IncomingMessage): string {
    const host = req.headers.host;
    if (host) {
      const m = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]):(\d+)$/i.exec(host);
      if (m && Number(m[2]) === this.port) return `${this.https ? "https" : "http"}://${host.toLowerCase()}`;
    }
    return this.url;
  }

  private baseHeaders(requestId: string, correlationId: string, route: MatchedRoute): Record<string, string> {
    const sub = "subscriptionId" in route ? route.subscriptionId : undefined;
    const remaining = sub && /^[0-9a-f-]{36}$/i.test(sub) ? this.quota.remaining(sub) : this.quota.reads;
    const h: Record<string, string> = {
      "Cache-Control": "no-cache",
      Pragma: "no-cache",
      Expires: "-1",
      "x-ms-ratelimit-remaining-subscription-reads": String(remaining),
      "x-ms-request-id": requestId,
      "x-ms-correlation-request-id": correlationId,
      "x-ms-routing-request-id": `LOCAL:${compactTime(new Date())}:${requestId}`,
      "X-Content-Type-Options": "nosniff",
    };
    if (this.https) h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
    return h;
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const requestId = randomUUID();
    const clientCorrelation = firstHeader(req.headers["x-ms-correlation-request-id"])?.trim();
    const correlationId = clientCorrelation ? clientCorrelation.slice(0, 200) : randomUUID();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPathname = q >= 0 ? url.slice(0, q) : url;
    const query = new URLSearchParams(q >= 0 ? url.slice(q + 1) : "");
    const method = (req.method ?? "GET").toUpperCase();
    const isAdmin = rawPathname === ADMIN_PATH_PREFIX || rawPathname.startsWith(`${ADMIN_PATH_PREFIX}/`);
    const route: MatchedRoute = isAdmin ? { name: "unknown" } : matchRoute(rawPathname);
    const ex: Exchange = { req, res, baseHeaders: this.baseHeaders(requestId, correlationId, route), delays: this.delays };
    res.on("error", () => {});

    if (isAdmin) {
      handleAdmin(ex, this, rawPathname.slice(ADMIN_PATH_PREFIX.length), query).catch((e) => {
        if (!res.headersSent)
          send(ex, { status: 500, headers: {}, body: JSON.stringify({ error: { code: "AdminError", message: String(e) } }) });
        else res.destroy();
      });
      return;
    }

    const authorization = firstHeader(req.headers.authorization);
    const record = this.log.begin({
      method,
      url,
      route: route.name,
      authorization,
      requestId,
      correlationRequestId: correlationId,
    });
    const started = Date.now();
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      this.log.end(record, res.headersSent ? res.statusCode : undefined, started);
    };
    res.on("finish", finish);
    res.on("close", finish);
    ex.onReset = finish;

    if (route.name === "resourceGraph") {
      readBody(req, MAX_REQUEST_BODY_BYTES).then(
        (body) =>
          this.respond(ex, record, route, authorization, url, correlationId, () =>
            body === undefined
              ? armError(413, "RequestEntityTooLarge", `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`)
              : handleResourceGraphRequest(
                  { method, query, authorization, body, correlationId },
                  { store: this.store, tokens: this.tokens, quota: this.graphQuota, settings: this.graphSettings },
                ),
          ),
        () => res.destroy(),
      );
      return;
    }
    if (route.name === "subscriptions") {
      this.respond(ex, record, route, authorization, url, correlationId, () =>
        handleSubscriptionsRequest(
          { method, rawPathname, query, authorization, origin: this.originFor(req) },
          { store: this.store, tokens: this.tokens, paging: this.pagingSettings },
        ),
      );
      return;
    }

    const produce = () => {
      const ctx: ArmContext = {
        store: this.store,
        tokens: this.tokens,
        paging: this.pagingSettings,
        apiVersions: this.apiVersions,
        quota: this.quota,
      };
      return handleArmRequest({ method, rawPathname, rawUrl: url, query, authorization, route, origin: this.originFor(req) }, ctx);
    };

    this.respond(ex, record, route, authorization, url, correlationId, produce);
  }

  /** Sends the produced response, or the first armed fault that matches the request. */
  private respond(
    ex: Exchange,
    record: RequestRecord,
    route: MatchedRoute,
    authorization: string | undefined,
    url: string,
    correlationId: string,
    produce: () => ArmResponse,
  ): void {
    const fault = this.faults.pick(route.name, url);
    if (!fault) {
      send(ex, produce());
      return;
    }
    this.log.markFault(record, fault.kind);
    const info = this.faultInfo(route, authorization);
    if (route.name === "resourceGraph") info.resourceGraph = { correlationId };
    deliverFault(ex, fault, info, produce).catch(() => ex.res.destroy());
  }

  private faultInfo(route: MatchedRoute, authorization: string | undefined): FaultRequestInfo {
    const auth = this.tokens.authenticate(authorization);
    const principalId = auth.ok ? auth.principal.principalId : EMULATOR_PRINCIPAL_ID;
    if (route.name === "unknown" || route.name === "subscriptions") {
      return { subscriptionId: "00000000-0000-0000-0000-000000000000", principalId, scope: "/", tenantId: this.tenantId };
    }
    if (route.name === "resourceGraph") {
      return {
        subscriptionId: "00000000-0000-0000-0000-000000000000",
        principalId,
        scope: "/providers/Microsoft.ResourceGraph",
        tenantId: this.tenantId,
      };
    }
    let scope = `/subscriptions/${route.subscriptionId}`;
    if (route.name !== "list") scope += `/resourceGroups/${route.resourceGroupName}`;
    if (route.name === "get") scope += `/providers/Microsoft.Batch/batchAccounts/${route.accountName}`;
    return { subscriptionId: route.subscriptionId, principalId, scope, tenantId: this.tenantId };
  }

  injectFault(spec: FaultSpec): string {
    return this.faults.add(spec);
  }

  stats(): EmulatorStats {
    return this.log.snapshot();
  }

  clearStats(): void {
    this.log.clear();
  }

  get paging(): PagingSettings {
    return { ...this.pagingSettings };
  }

  setPaging(paging: Partial<PagingSettings>): void {
    validatePaging(paging);
    const next: PagingSettings = { ...this.pagingSettings, ...paging };
    // null (from JSON) or undefined clears the override.
    if (next.nextLinkOrigin == null) delete next.nextLinkOrigin;
    this.pagingSettings = next;
  }

  listTokens(): TokenGrant[] {
    return this.tokens.list();
  }

  setTokens(grants: TokenGrant[]): void {
    this.tokens.set(grants);
  }

  addToken(grant: TokenGrant): void {
    this.tokens.add(grant);
  }

  removeToken(token: string): boolean {
    return this.tokens.remove(token);
  }

  getAccount(ref: AccountRef): ArmBatchAccount | undefined {
    return this.store.get(ref);
  }

  listAccounts(filter?: { subscriptionId?: string; resourceGroupName?: string }): ArmBatchAccount[] {
    return this.store.list(filter);
  }

  upsertAccount(account: ArmBatchAccount): { created: boolean; account: ArmBatchAccount } {
    return this.store.upsert(account);
  }

  patchAccount(ref: AccountRef, patch: Record<string, unknown>): ArmBatchAccount {
    return this.store.patch(ref, patch);
  }

  deleteAccount(ref: AccountRef): boolean {
    return this.store.delete(ref);
  }

  managementGroups(): ManagementGroupDeclaration[] {
    return this.store.managementGroups.list();
  }

  subscriptions(): SubscriptionDeclaration[] {
    return this.store.subscriptions();
  }

  addSubscription(decl: SubscriptionDeclaration): void {
    this.store.addSubscription(decl);
  }

  removeSubscription(subscriptionId: string): boolean {
    return this.store.removeSubscription(subscriptionId);
  }

  addResourceGroup(subscriptionId: string, decl: ResourceGroupDeclaration): void {
    this.store.addResourceGroup(subscriptionId, decl);
  }

  removeResourceGroup(subscriptionId: string, resourceGroupName: string): boolean {
    return this.store.removeResourceGroup(subscriptionId, resourceGroupName);
  }

  snapshot(): EmulatorData {
    return this.store.snapshot();
  }

  resetData(): void {
    this.store.load(this.initialData, false);
  }

  reset(): void {
    this.resetData();
    this.faults.clear();
    this.faults.seed(this.options.seed ?? 1);
    for (const f of this.options.faults ?? []) this.faults.add(f);
    this.log.clear();
    this.pagingSettings = this.initialPaging();
    this.tokens.set(this.options.tokens ?? DEFAULT_TOKEN_GRANTS);
    this.quota.reset();
    this.graphQuota.reset();
  }

  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      this.delays.cancelAll();
      this.server.close(() => {
        this.cleanupCa();
        resolve();
      });
      this.server.closeAllConnections();
    });
    return this.stopping;
  }
}

/** Larger request bodies (only Resource Graph queries have one) are refused. */
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** The request body as text; undefined when it exceeds `limit` bytes. */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Starts an emulator (HTTPS on 127.0.0.1 and a free port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  await emulator.start();
  return emulator;
}
