/**
 * Writing responses to the socket: normally, or with a fault (resets, stalls, truncation,
 * malformed or HTML bodies, synthetic ARM errors).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import {
  type ArmResponse,
  authorizationFailed,
  expiredAuthenticationToken,
  REMAINING_READS_HEADER,
  statusError,
  subscriptionRequestsThrottled,
} from "./arm-errors";
import type { FaultSpec } from "./faults";
import { resourceGraphThrottled } from "./resource-graph-errors";

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** setTimeout-based delays that `cancelAll` ends early (resolving false), so stop() never waits on them. */
export class Delays {
  private pending = new Map<NodeJS.Timeout, (completed: boolean) => void>();

  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pending.delete(t);
        resolve(true);
      }, ms);
      this.pending.set(t, resolve);
    });
  }

  cancelAll(): void {
    for (const [t, resolve] of this.pending) {
      clearTimeout(t);
      resolve(false);
    }
    this.pending.clear();
  }
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** ARM headers every response carries (request ids, cache headers). */
  baseHeaders: Record<string, string>;
  /**
   * The subscription's reads left, for responses whose handler consumed none and so set no
   * `x-ms-ratelimit-remaining-subscription-reads` of its own (computed only then).
   */
  remainingReads: () => number;
  delays: Delays;
  /**
   * Called when a fault resets the connection: the request is over. (A TLS socket whose TCP
   * handle was reset reports its close only when the server stops.)
   */
  onReset?: () => void;
}

/** What synthetic fault responses need to know about the request. */
export interface FaultRequestInfo {
  subscriptionId: string;
  principalId: string;
  scope: string;
  tenantId: string;
  /** Set for Resource Graph requests: a `throttle` fault answers as ARG does (429 RateLimiting, quota headers). */
  resourceGraph?: { correlationId: string };
}

function headersFor(ex: Exchange, response: ArmResponse, contentType = JSON_CONTENT_TYPE, length?: number): Record<string, string> {
  const headers: Record<string, string> = { ...ex.baseHeaders };
  if (!(REMAINING_READS_HEADER in response.headers)) headers[REMAINING_READS_HEADER] = String(ex.remainingReads());
  return {
    ...headers,
    ...response.headers,
    "Content-Type": contentType,
    "Content-Length": String(length ?? Buffer.byteLength(response.body)),
  };
}

function alive(ex: Exchange): boolean {
  return !ex.res.destroyed && !ex.req.socket.destroyed;
}

/** Sends a complete response. */
export function send(ex: Exchange, response: ArmResponse, contentType = JSON_CONTENT_TYPE): void {
  if (!alive(ex)) return;
  ex.res.writeHead(response.status, headersFor(ex, response, contentType));
  ex.res.end(response.body);
}

/**
 * Resets the TCP connection (RST). Plain sockets use Node's resetAndDestroy(); a TLS socket has no
 * TCP handle of its own, so the TCP handle under its TLS wrap is reset (Node internals, guarded:
 * without them the connection is just closed).
 */
export function resetConnection(socket: Socket): void {
  if (!(socket as TLSSocket).encrypted && typeof socket.resetAndDestroy === "function") {
    try {
      socket.resetAndDestroy();
      return;
    } catch {
      // Not a TCP handle: fall through.
    }
  }
  try {
    const tcp = (socket as unknown as { _handle?: { _parent?: { reset?: (cb: () => void) => number } } })._handle?._parent;
    if (tcp && typeof tcp.reset === "function") tcp.reset(() => {});
  } catch {
    // Close without RST below.
  }
  socket.destroy();
}

function gatewayPage(status: number): string {
  const text: Record<number, string> = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
  };
  const title = `${status} ${text[status] ?? "Error"}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    "<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\r\n</body>\r\n</html>\r\n"
  );
}

/** The response of a fault that replaces the ARM answer entirely; undefined for wire-level faults. */
export function syntheticFaultResponse(
  spec: FaultSpec,
  info: FaultRequestInfo,
): { response: ArmResponse; contentType?: string } | undefined {
  switch (spec.kind) {
    case "throttle":
      if (info.resourceGraph) {
        return {
          response: resourceGraphThrottled(
            info.resourceGraph.correlationId,
            (spec.retryAfterSeconds ?? 1) * 1000,
            spec.retryAfter ?? "seconds",
          ),
        };
      }
      return {
        response: subscriptionRequestsThrottled(
          info.subscriptionId,
          info.principalId,
          spec.retryAfterSeconds ?? 1,
          spec.retryAfter ?? "seconds",
        ),
      };
    case "status":
      return { response: statusError(spec.status ?? 500, spec.code, spec.message) };
    case "html":
      return { response: { status: spec.status ?? 502, headers: {}, body: gatewayPage(spec.status ?? 502) }, contentType: "text/html" };
    case "empty-body":
      return { response: { status: spec.status ?? 200, headers: {}, body: "" } };
    case "expired-token":
      return { response: expiredAuthenticationToken(info.tenantId, new Date(Date.now() - 3600_000)) };
    case "forbidden":
      return { response: authorizationFailed(info.principalId, info.scope) };
    default:
      return undefined;
  }
}

function partLength(spec: FaultSpec, body: string): number {
  const total = Buffer.byteLength(body);
  const n = spec.bytes ?? Math.floor(total / 2);
  return Math.max(0, Math.min(n, Math.max(0, total - 1)));
}

/**
 * Delivers a request hit by `spec`. `produce` computes the normal ARM answer (called after any
 * delay, so it sees the data as it is then).
 */
export async function deliverFault(ex: Exchange, spec: FaultSpec, info: FaultRequestInfo, produce: () => ArmResponse): Promise<void> {
  const synthetic = syntheticFaultResponse(spec, info);
  if (synthetic) {
    send(ex, synthetic.response, synthetic.contentType);
    return;
  }
  const socket = ex.req.socket;
  switch (spec.kind) {
    case "reset":
      resetConnection(socket);
      ex.onReset?.();
      return;
    case "slow-headers": {
      if (!(await ex.delays.wait(spec.delayMs ?? 1000))) return;
      send(ex, produce());
      return;
    }
    case "malformed-json": {
      const full = produce().body;
      const body = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
      send(ex, { status: 200, headers: {}, body });
      return;
    }
    default:
      break;
  }
  const response = produce();
  const bytes = Buffer.from(response.body, "utf8");
  if (!alive(ex)) return;
  ex.res.writeHead(response.status, { ...headersFor(ex, response), Connection: "close" });
  if (spec.kind === "reset-mid-body" || spec.kind === "truncated-body") {
    const part = bytes.subarray(0, partLength(spec, response.body));
    ex.res.write(part, () => {
      if (spec.kind === "truncated-body") {
        socket.end();
        return;
      }
      // A moment for the client to read the partial body before the RST discards unread data.
      void ex.delays.wait(20).then(() => {
        if (!socket.destroyed) resetConnection(socket);
        ex.onReset?.();
      });
    });
    if (part.length === 0) ex.res.flushHeaders();
    return;
  }
  // slow-body: headers now, the body in `chunks` pieces spread over delayMs.
  ex.res.flushHeaders();
  const chunks = Math.max(1, Math.min(spec.chunks ?? 2, bytes.length || 1));
  const interval = (spec.delayMs ?? 1000) / chunks;
  const size = Math.ceil(bytes.length / chunks);
  for (let i = 0; i < chunks; i++) {
    if (!(await ex.delays.wait(interval)) || !alive(ex)) return;
    const piece = bytes.subarray(i * size, (i + 1) * size);
    if (i === chunks - 1) ex.res.end(piece);
    else ex.res.write(piece);
  }
}
