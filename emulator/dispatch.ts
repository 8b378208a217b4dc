/**
 * Routing of one request: ARM headers and request ids, the admin endpoint under /_emulator, the
 * request log, then the handler of the operation (Batch accounts, Resource Graph, Subscriptions),
 * answered through the fault scope.
 */
import { randomUUID } from "node:crypto";
import type * as http from "node:http";
import { isGuid } from "../provider/model/names";
import { handleAdmin } from "./admin";
import { armError } from "./arm-errors";
import { handleArmRequest } from "./arm-handlers";
import { readBody } from "./body";
import { ADMIN_PATH_PREFIX } from "./constants";
import { type Exchange, send } from "./delivery";
import { handleEstateRequest } from "./estate-handlers";
import { respond } from "./fault-scope";
import { handleResourceGraphRequest } from "./resource-graph";
import { type MatchedRoute, matchRoute, routeSubscriptionId } from "./routes";
import type { EmulatorState } from "./state";
import { handleSubscriptionsRequest } from "./subscriptions";
import type { RunningEmulator } from "./types";

/** Larger request bodies (only Resource Graph queries have one) are refused. */
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

function compactTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The ARM headers every response carries, whatever answers the request. */
function armHeaders(requestId: string, correlationId: string, secure: boolean): Record<string, string> {
  const h: Record<string, string> = {
    "Cache-Control": "no-cache",
    Pragma: "no-cache",
    Expires: "-1",
    "x-ms-request-id": requestId,
    "x-ms-correlation-request-id": correlationId,
    "x-ms-routing-request-id": `LOCAL:${compactTime(new Date())}:${requestId}`,
    "X-Content-Type-Options": "nosniff",
  };
  if (secure) h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return h;
}

export interface Dispatcher {
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
}

/**
 * The request handler of an emulator. `emulator` is what the admin endpoint controls; `site`
 * gives the origin a client used and whether the emulator serves HTTPS (known once it listens).
 */
export function createDispatcher(
  state: EmulatorState,
  emulator: RunningEmulator,
  site: { https: boolean; originFor(req: http.IncomingMessage): string },
): Dispatcher {
  const remainingReads = (route: MatchedRoute) => () => {
    const sub = routeSubscriptionId(route);
    return sub !== undefined && isGuid(sub) ? state.quota.remaining(sub) : state.quota.reads;
  };

  // The Entra ID's metadata names its endpoints by the host the client used (a test proxy may
  // resolve a name of its own to the emulator), so later requests go the same way.
  const entraOrigin = (req: http.IncomingMessage): string => {
    const host = firstHeader(req.headers.host);
    return host === undefined || host === "" ? site.originFor(req) : `${site.https ? "https" : "http"}://${host.toLowerCase()}`;
  };

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
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
    const ex: Exchange = {
      req,
      res,
      baseHeaders: armHeaders(requestId, correlationId, site.https),
      remainingReads: remainingReads(route),
      delays: state.delays,
    };
    res.on("error", () => {});

    if (!isAdmin && state.entra.handles(rawPathname)) {
      readBody(req, MAX_REQUEST_BODY_BYTES).then(
        (body) =>
          send(
            ex,
            state.entra.handle({
              method,
              pathname: rawPathname,
              query,
              headers: req.headers,
              body: body ?? "",
              origin: entraOrigin(req),
            }),
          ),
        () => res.destroy(),
      );
      return;
    }

    if (isAdmin) {
      handleAdmin(ex, emulator, rawPathname.slice(ADMIN_PATH_PREFIX.length), query).catch((e) => {
        if (!res.headersSent)
          send(ex, { status: 500, headers: {}, body: JSON.stringify({ error: { code: "AdminError", message: String(e) } }) });
        else res.destroy();
      });
      return;
    }

    const authorization = firstHeader(req.headers.authorization);
    const record = state.log.begin({ method, url, route: route.name, authorization, requestId, correlationRequestId: correlationId });
    const started = Date.now();
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      state.log.end(record, res.headersSent ? res.statusCode : undefined, started);
    };
    res.on("finish", finish);
    res.on("close", finish);
    ex.onReset = finish;
    const request = { route, url, authorization, correlationId, record };

    switch (route.name) {
      case "resourceGraph":
        readBody(req, MAX_REQUEST_BODY_BYTES).then(
          (body) =>
            respond(ex, state, request, () =>
              body === undefined
                ? armError(413, "RequestEntityTooLarge", `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`)
                : handleResourceGraphRequest(
                    { method, query, authorization, body, correlationId },
                    { store: state.store, tokens: state.tokens, quota: state.graphQuota, settings: state.graphSettings },
                  ),
            ),
          () => res.destroy(),
        );
        return;
      case "subscriptions":
        respond(ex, state, request, () =>
          handleSubscriptionsRequest(
            { method, rawPathname, query, authorization, origin: site.originFor(req) },
            { store: state.store, tokens: state.tokens, paging: state.paging },
          ),
        );
        return;
      case "pools":
      case "diagnosticSettings":
      case "privateDnsZoneGroups":
        respond(ex, state, request, () =>
          handleEstateRequest(
            { method, rawPathname, rawUrl: url, query, authorization, route, origin: site.originFor(req) },
            {
              store: state.store,
              estate: state.estate,
              tokens: state.tokens,
              paging: state.paging,
              apiVersions: state.apiVersions,
              quota: state.quota,
            },
          ),
        );
        return;
      default:
        respond(ex, state, request, () =>
          handleArmRequest(
            { method, rawPathname, rawUrl: url, query, authorization, route, origin: site.originFor(req) },
            { store: state.store, tokens: state.tokens, paging: state.paging, apiVersions: state.apiVersions, quota: state.quota },
          ),
        );
    }
  }

  return { handle };
}
