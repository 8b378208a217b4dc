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

import { type ArmResponse, armError, jsonResponse } from "./arm-errors";
import { type ArmBatchAccount, EmulatorDataError, parseAccountId } from "./data-file";
import { type Exchange, send } from "./delivery";
import type { FaultSpec } from "./faults";
import type { RunningEmulator } from "./server";

const MAX_BODY_BYTES = 256 * 1024 * 1024;

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(ex: Exchange): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ex.req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AdminError(413, "request body too large"));
        ex.req.destroy();
        return;
      }
      chunks.push(c);
    });
    ex.req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    ex.req.on("error", reject);
  });
}

async function readJson(ex: Exchange): Promise<unknown> {
  const text = await readBody(ex);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AdminError(400, `request body is not valid JSON: ${(e as Error).message}`);
  }
}

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

async function route(ex: Exchange, emu: RunningEmulator, sub: string, query: URLSearchParams): Promise<ArmResponse> {
  const method = (ex.req.method ?? "GET").toUpperCase();
  const path = sub.replace(/\/+$/, "");
  const seg = path.split("/").filter(Boolean);

  if (path === "" || path === "/info") {
    if (method !== "GET") throw new AdminError(405, "use GET");
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
  }
  if (path === "/ca.pem") {
    if (!emu.caCertPem) throw new AdminError(404, "the emulator serves plain HTTP: there is no CA certificate");
    return { status: 200, headers: { "Content-Type": "application/x-pem-file" }, body: emu.caCertPem };
  }

  if (seg[0] === "accounts") {
    if (seg.length === 1) {
      if (method === "GET") {
        const filter = {
          subscriptionId: query.get("subscriptionId") ?? undefined,
          resourceGroupName: query.get("resourceGroupName") ?? undefined,
        };
        return ok({ value: emu.listAccounts(filter) });
      }
      if (method === "PUT" || method === "POST") {
        const body = await readJson(ex);
        const list: unknown[] = Array.isArray(body)
          ? body
          : typeof body === "object" && body !== null && Array.isArray((body as { value?: unknown }).value)
            ? (body as { value: unknown[] }).value
            : [body];
        let created = 0;
        const value = list.map((a) => {
          const r = emu.upsertAccount(a as ArmBatchAccount);
          if (r.created) created++;
          return r.account;
        });
        return ok({ value, created }, created > 0 ? 201 : 200);
      }
      throw new AdminError(405, "use GET, PUT or POST");
    }
    const id = decodePath(`/${seg.slice(1).join("/")}`);
    if (!parseAccountId(id)) throw new AdminError(400, `not a Batch account id: ${id}`);
    if (method === "GET") {
      const a = emu.getAccount(id);
      if (!a) throw new AdminError(404, `no account ${id}`);
      return ok(a);
    }
    if (method === "PUT") {
      const body = asObject(await readJson(ex), "the account");
      if (body.id !== undefined && String(body.id).toLowerCase() !== id.toLowerCase()) {
        throw new AdminError(400, `the body's id ${String(body.id)} differs from the path's ${id}`);
      }
      const r = emu.upsertAccount({ ...body, id } as ArmBatchAccount);
      return ok(r.account, r.created ? 201 : 200);
    }
    if (method === "PATCH") {
      const patch = asObject(await readJson(ex), "the patch");
      if (!emu.getAccount(id)) throw new AdminError(404, `no account ${id}`);
      return ok(emu.patchAccount(id, patch));
    }
    if (method === "DELETE") {
      if (!emu.deleteAccount(id)) throw new AdminError(404, `no account ${id}`);
      return ok({ deleted: id });
    }
    throw new AdminError(405, "use GET, PUT, PATCH or DELETE");
  }

  if (seg[0] === "subscriptions") {
    if (seg.length === 1) {
      if (method !== "GET") throw new AdminError(405, "use GET");
      return ok({ value: emu.subscriptions() });
    }
    const subscriptionId = decodePath(seg[1]);
    if (seg.length === 2) {
      if (method === "PUT") {
        const body = asObject((await readJson(ex)) ?? {}, "the subscription");
        emu.addSubscription({ ...body, subscriptionId } as never);
        return ok(emu.subscriptions().find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()));
      }
      if (method === "DELETE") {
        if (!emu.removeSubscription(subscriptionId)) throw new AdminError(404, `no subscription ${subscriptionId}`);
        return ok({ deleted: subscriptionId });
      }
      throw new AdminError(405, "use PUT or DELETE");
    }
    if (seg.length === 4 && seg[2].toLowerCase() === "resourcegroups") {
      const name = decodePath(seg[3]);
      if (method === "PUT") {
        const body = asObject(await readJson(ex), "the resource group");
        emu.addResourceGroup(subscriptionId, { ...body, name } as never);
        return ok({ subscriptionId, name, location: body.location, ...(body.tags ? { tags: body.tags } : {}) });
      }
      if (method === "DELETE") {
        if (!emu.removeResourceGroup(subscriptionId, name)) throw new AdminError(404, `no resource group ${name} in ${subscriptionId}`);
        return ok({ deleted: name });
      }
      throw new AdminError(405, "use PUT or DELETE");
    }
  }

  if (seg[0] === "faults") {
    if (seg.length === 1) {
      if (method === "GET") return ok({ value: emu.faults.list() });
      if (method === "POST" || method === "PUT") {
        const body = await readJson(ex);
        const specs = (Array.isArray(body) ? body : [body]) as FaultSpec[];
        try {
          return ok({ ids: specs.map((s) => emu.faults.add(s)) }, 201);
        } catch (e) {
          throw new AdminError(400, (e as Error).message);
        }
      }
      if (method === "DELETE") {
        emu.faults.clear();
        return ok({ cleared: true });
      }
      throw new AdminError(405, "use GET, POST or DELETE");
    }
    if (seg.length === 2 && seg[1] === "seed" && (method === "PUT" || method === "POST")) {
      const body = asObject(await readJson(ex), "the body");
      if (typeof body.seed !== "number") throw new AdminError(400, '"seed" must be a number');
      emu.faults.seed(body.seed);
      return ok({ seed: body.seed });
    }
    if (seg.length === 2 && method === "DELETE") {
      if (!emu.faults.remove(decodePath(seg[1]))) throw new AdminError(404, `no fault ${seg[1]}`);
      return ok({ deleted: seg[1] });
    }
  }

  if (path === "/stats") {
    if (method === "GET") return ok(emu.stats());
    if (method === "DELETE") {
      emu.clearStats();
      return ok({ cleared: true });
    }
    throw new AdminError(405, "use GET or DELETE");
  }

  if (path === "/paging") {
    if (method === "GET") return ok(emu.paging);
    if (method === "PUT" || method === "PATCH") {
      emu.setPaging(asObject(await readJson(ex), "the paging settings"));
      return ok(emu.paging);
    }
    throw new AdminError(405, "use GET or PUT");
  }

  if (seg[0] === "tokens") {
    if (seg.length === 1) {
      if (method === "GET") return ok({ value: emu.listTokens() });
      if (method === "PUT") {
        const body = await readJson(ex);
        const list = Array.isArray(body) ? body : (asObject(body, "the body").value as unknown);
        if (!Array.isArray(list)) throw new AdminError(400, "send an array of token grants (or {value:[...]})");
        emu.setTokens(list as never);
        return ok({ value: emu.listTokens() });
      }
      if (method === "POST") {
        emu.addToken(asObject(await readJson(ex), "the token grant") as never);
        return ok({ value: emu.listTokens() }, 201);
      }
      throw new AdminError(405, "use GET, PUT or POST");
    }
    if (seg.length === 2 && method === "DELETE") {
      const token = decodePath(seg[1]);
      if (!emu.removeToken(token)) throw new AdminError(404, "no such token");
      return ok({ deleted: true });
    }
  }

  if (path === "/reset") {
    if (method !== "POST") throw new AdminError(405, "use POST");
    const scope = query.get("scope") ?? "all";
    if (scope === "data") emu.resetData();
    else if (scope === "all") emu.reset();
    else throw new AdminError(400, 'scope must be "all" or "data"');
    return ok({ reset: scope });
  }

  throw new AdminError(404, `no admin route ${method} /_emulator${sub}`);
}

/** Handles a request under /_emulator (`sub` is the rest of the path). */
export async function handleAdmin(ex: Exchange, emu: RunningEmulator, sub: string, query: URLSearchParams): Promise<void> {
  let response: ArmResponse;
  try {
    response = await route(ex, emu, sub, query);
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
