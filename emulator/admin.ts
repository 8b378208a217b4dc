/**
 * The admin (control) endpoint under /_emulator: change accounts, arm faults, read stats, change
 * paging and tokens, reset. No bearer token needed (the emulator listens on loopback only).
 * Answers are JSON; errors use the ARM envelope with code "AdminBadRequest" / "AdminNotFound".
 *
 * GET    /_emulator                      info (url, token, CA path, api-versions, paging)
 * GET    /_emulator/ca.pem               the CA certificate (PEM)
 * GET    /_emulator/accounts             {value:[accounts]}; ?subscriptionId=&resourceGroupName=
 * PUT    /_emulator/accounts             upsert: an account, an array, or {value:[...]}
 * GET    /_emulator/accounts/{armId}     one account
 * PUT    /_emulator/accounts/{armId}     upsert (body's id, if any, must match)
 * PATCH  /_emulator/accounts/{armId}     JSON merge patch
 * DELETE /_emulator/accounts/{armId}     delete
 * GET    /_emulator/subscriptions        declared subscriptions and resource groups
 * PUT    /_emulator/subscriptions/{sub}  declare {displayName?, tenantId?, resourceGroups?}
 * DELETE /_emulator/subscriptions/{sub}  remove (with its groups and accounts)
 * PUT    /_emulator/subscriptions/{sub}/resourceGroups/{rg}   declare {location, tags?}
 * DELETE /_emulator/subscriptions/{sub}/resourceGroups/{rg}   remove (with its accounts)
 * GET    /_emulator/faults               armed faults with counters
 * POST   /_emulator/faults               arm a fault spec (or an array) → {ids}
 * DELETE /_emulator/faults               disarm all;  DELETE /_emulator/faults/{id}: one
 * PUT    /_emulator/faults/seed          {seed} re-seeds the probability RNG
 * GET    /_emulator/stats                request stats;  DELETE: clear them
 * GET    /_emulator/paging               paging settings;  PUT: change some
 * GET    /_emulator/tokens               accepted tokens; PUT: replace all; POST: add one
 * DELETE /_emulator/tokens/{token}       remove one
 * POST   /_emulator/reset                everything back to the start state; ?scope=data: data only
 */

import { parseAccountId } from "./account-id";
import { type ArmResponse, armError, jsonResponse } from "./arm-errors";
import { validateTokenGrant } from "./auth";
import { readBody } from "./body";
import { EmulatorDataError } from "./data-error";
import { validateAccount, validateResourceGroup, validateSubscription } from "./data-file";
import { type Exchange, send } from "./delivery";
import { validateFaultSpec } from "./faults";
import type { RunningEmulator } from "./types";

const MAX_BODY_BYTES = 256 * 1024 * 1024;

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One admin request: the method, the path below /_emulator split into segments, its query and body. */
interface AdminRequest {
  method: string;
  /** The path below /_emulator as received. */
  sub: string;
  seg: string[];
  query: URLSearchParams;
  /** The body parsed as JSON (undefined when empty). */
  json(): Promise<unknown>;
}

type AdminHandler = (emu: RunningEmulator, req: AdminRequest) => ArmResponse | Promise<ArmResponse>;

function ok(body: unknown, status = 200): ArmResponse {
  return jsonResponse(status, body);
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new AdminError(400, `${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    throw new AdminError(400, `malformed percent-encoding in ${p}`);
  }
}

function methodNotAllowed(allowed: string): never {
  throw new AdminError(405, `use ${allowed}`);
}

const info: AdminHandler = (emu, req) => {
  if (req.seg.length > 1) throw notFound(req);
  if (req.method !== "GET") methodNotAllowed("GET");
  return ok({
    url: emu.url,
    adminUrl: emu.adminUrl,
    https: emu.https,
    token: emu.token,
    apiVersion: emu.apiVersion,
    caCertPath: emu.caCertPath,
    env: emu.env,
    paging: emu.paging,
    subscriptions: emu.subscriptions().map((s) => s.subscriptionId),
  });
};

const caCertificate: AdminHandler = (emu, req) => {
  if (req.seg.length > 1) throw notFound(req);
  if (!emu.caCertPem) throw new AdminError(404, "the emulator serves plain HTTP: there is no CA certificate");
  return { status: 200, headers: { "Content-Type": "application/x-pem-file" }, body: emu.caCertPem };
};

async function accountCollection(emu: RunningEmulator, req: AdminRequest): Promise<ArmResponse> {
  if (req.method === "GET") {
    const filter = {
      subscriptionId: req.query.get("subscriptionId") ?? undefined,
      resourceGroupName: req.query.get("resourceGroupName") ?? undefined,
    };
    return ok({ value: emu.listAccounts(filter) });
  }
  if (req.method !== "PUT" && req.method !== "POST") methodNotAllowed("GET, PUT or POST");
  const body = await req.json();
  const value = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as { value?: unknown }).value : undefined;
  const list: unknown[] = Array.isArray(body) ? body : Array.isArray(value) ? value : [body];
  let created = 0;
  const upserted = list.map((a) => {
    const r = emu.upsertAccount(validateAccount(a));
    if (r.created) created++;
    return r.account;
  });
  return ok({ value: upserted, created }, created > 0 ? 201 : 200);
}

async function accounts(emu: RunningEmulator, req: AdminRequest): Promise<ArmResponse> {
  if (req.seg.length === 1) return accountCollection(emu, req);
  const id = decodePath(`/${req.seg.slice(1).join("/")}`);
  if (!parseAccountId(id)) throw new AdminError(400, `not a Batch account id: ${id}`);
  switch (req.method) {
    case "GET": {
      const a = emu.getAccount(id);
      if (!a) throw new AdminError(404, `no account ${id}`);
      return ok(a);
    }
    case "PUT": {
      const body = asObject(await req.json(), "the account");
      if (body.id !== undefined && String(body.id).toLowerCase() !== id.toLowerCase()) {
        throw new AdminError(400, `the body's id ${String(body.id)} differs from the path's ${id}`);
      }
      const r = emu.upsertAccount(validateAccount({ ...body, id }));
      return ok(r.account, r.created ? 201 : 200);
    }
    case "PATCH": {
      const patch = asObject(await req.json(), "the patch");
      if (!emu.getAccount(id)) throw new AdminError(404, `no account ${id}`);
      return ok(emu.patchAccount(id, patch));
    }
    case "DELETE":
      if (!emu.deleteAccount(id)) throw new AdminError(404, `no account ${id}`);
      return ok({ deleted: id });
    default:
      return methodNotAllowed("GET, PUT, PATCH or DELETE");
  }
}

async function subscriptions(emu: RunningEmulator, req: AdminRequest): Promise<ArmResponse> {
  const { method, seg } = req;
  if (seg.length === 1) {
    if (method !== "GET") methodNotAllowed("GET");
    return ok({ value: emu.subscriptions() });
  }
  const subscriptionId = decodePath(seg[1]);
  if (seg.length === 2) {
    if (method === "PUT") {
      const body = asObject((await req.json()) ?? {}, "the subscription");
      emu.addSubscription(validateSubscription({ ...body, subscriptionId }, "subscription"));
      return ok(emu.subscriptions().find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()));
    }
    if (method === "DELETE") {
      if (!emu.removeSubscription(subscriptionId)) throw new AdminError(404, `no subscription ${subscriptionId}`);
      return ok({ deleted: subscriptionId });
    }
    methodNotAllowed("PUT or DELETE");
  }
  if (seg.length !== 4 || seg[2].toLowerCase() !== "resourcegroups") throw notFound(req);
  const name = decodePath(seg[3]);
  if (method === "PUT") {
    const body = asObject(await req.json(), "the resource group");
    emu.addResourceGroup(subscriptionId, validateResourceGroup({ ...body, name }, "resource group"));
    return ok({ subscriptionId, name, location: body.location, ...(body.tags ? { tags: body.tags } : {}) });
  }
  if (method === "DELETE") {
    if (!emu.removeResourceGroup(subscriptionId, name)) throw new AdminError(404, `no resource group ${name} in ${subscriptionId}`);
    return ok({ deleted: name });
  }
  return methodNotAllowed("PUT or DELETE");
}

async function faults(emu: RunningEmulator, req: AdminRequest): Promise<ArmResponse> {
  const { method, seg } = req;
  if (seg.length === 1) {
    if (method === "GET") return ok({ value: emu.faults.list() });
    if (method === "POST" || method === "PUT") {
      const body = await req.json();
      try {
        const specs = (Array.isArray(body) ? body : [body]).map(validateFaultSpec);
        return ok({ ids: specs.map((s) => emu.faults.add(s)) }, 201);
      } catch (e) {
        throw new AdminError(400, (e as Error).message);
      }
    }
    if (method === "DELETE") {
      emu.faults.clear();
      return ok({ cleared: true });
    }
    methodNotAllowed("GET, POST or DELETE");
  }
  if (seg.length === 2 && seg[1] === "seed" && (method === "PUT" || method === "POST")) {
    const body = asObject(await req.json(), "the body");
    if (typeof body.seed !== "number") throw new AdminError(400, '"seed" must be a number');
    emu.faults.seed(body.seed);
    return ok({ seed: body.seed });
  }
  if (seg.length === 2 && method === "DELETE") {
    if (!emu.faults.remove(decodePath(seg[1]))) throw new AdminError(404, `no fault ${seg[1]}`);
    return ok({ deleted: seg[1] });
  }
  throw notFound(req);
}

const stats: AdminHandler = (emu, req) => {
  if (req.seg.length > 1) throw notFound(req);
  if (req.method === "GET") return ok(emu.stats());
  if (req.method === "DELETE") {
    emu.clearStats();
    return ok({ cleared: true });
  }
  return methodNotAllowed("GET or DELETE");
};

async function paging(emu: RunningEmulator, req: AdminRequest): Promise<ArmResponse> {
  if (req.seg.length > 1) throw notFound(req);
  if (req.method === "GET") return ok(emu.paging);
  if (req.method === "PUT" || req.method === "PATCH") {
    emu.setPaging(asObject(await req.json(), "the paging settings"));
    return ok(emu.paging);
  }
  return methodNotAllowed("GET or PUT");
}

async function tokens(emu: RunningEmulator, req: AdminRequest): Promise<ArmResponse> {
  const { method, seg } = req;
  if (seg.length === 1) {
    if (method === "GET") return ok({ value: emu.listTokens() });
    if (method === "PUT") {
      const body = await req.json();
      const list = Array.isArray(body) ? body : asObject(body, "the body").value;
      if (!Array.isArray(list)) throw new AdminError(400, "send an array of token grants (or {value:[...]})");
      emu.setTokens(list.map(validateTokenGrant));
      return ok({ value: emu.listTokens() });
    }
    if (method === "POST") {
      emu.addToken(validateTokenGrant(asObject(await req.json(), "the token grant")));
      return ok({ value: emu.listTokens() }, 201);
    }
    methodNotAllowed("GET, PUT or POST");
  }
  if (seg.length === 2 && method === "DELETE") {
    if (!emu.removeToken(decodePath(seg[1]))) throw new AdminError(404, "no such token");
    return ok({ deleted: true });
  }
  throw notFound(req);
}

const reset: AdminHandler = (emu, req) => {
  if (req.seg.length > 1) throw notFound(req);
  if (req.method !== "POST") methodNotAllowed("POST");
  const scope = req.query.get("scope") ?? "all";
  if (scope === "data") emu.resetData();
  else if (scope === "all") emu.reset();
  else throw new AdminError(400, 'scope must be "all" or "data"');
  return ok({ reset: scope });
};

/** The handler of each first path segment ("" is the info route). */
const HANDLERS: Record<string, AdminHandler> = {
  "": info,
  info,
  "ca.pem": caCertificate,
  accounts,
  subscriptions,
  faults,
  stats,
  paging,
  tokens,
  reset,
};

function notFound(req: AdminRequest): AdminError {
  return new AdminError(404, `no admin route ${req.method} /_emulator${req.sub}`);
}

function adminRequest(ex: Exchange, sub: string, query: URLSearchParams): AdminRequest {
  return {
    method: (ex.req.method ?? "GET").toUpperCase(),
    sub,
    seg: sub.replace(/\/+$/, "").split("/").filter(Boolean),
    query,
    async json() {
      const text = await readBody(ex.req, MAX_BODY_BYTES);
      if (text === undefined) throw new AdminError(413, "request body too large");
      if (text.trim() === "") return undefined;
      try {
        return JSON.parse(text);
      } catch (e) {
        throw new AdminError(400, `request body is not valid JSON: ${(e as Error).message}`);
      }
    },
  };
}

/** Handles a request under /_emulator (`sub` is the rest of the path). */
export async function handleAdmin(ex: Exchange, emu: RunningEmulator, sub: string, query: URLSearchParams): Promise<void> {
  let response: ArmResponse;
  try {
    const req = adminRequest(ex, sub, query);
    const handler = Object.hasOwn(HANDLERS, req.seg[0] ?? "") ? HANDLERS[req.seg[0] ?? ""] : undefined;
    if (handler === undefined) throw notFound(req);
    response = await handler(emu, req);
  } catch (e) {
    if (e instanceof AdminError) {
      response = armError(e.status, e.status === 404 ? "AdminNotFound" : "AdminBadRequest", e.message);
    } else if (e instanceof EmulatorDataError || e instanceof Error) {
      response = armError(400, "AdminBadRequest", e.message);
    } else {
      throw e;
    }
  }
  const contentType = response.headers["Content-Type"];
  delete response.headers["Content-Type"];
  send(ex, response, contentType);
}
