/**
 * What the emulator saw: requests per operation and status, the peak number of requests in
 * flight at once, the Authorization header values received, and a bounded request log.
 */
import type { FaultKind } from "./faults";
import { ROUTE_NAMES, type RouteName } from "./routes";

export interface RequestRecord {
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  method: string;
  /** Path and query as received. */
  url: string;
  route: RouteName | "unknown";
  /** Status sent (absent for a reset or a request still in flight). */
  status?: number;
  /** The Authorization header as received (absent when none was sent). */
  authorization?: string;
  requestId: string;
  correlationRequestId: string;
  /** Fault applied to this request, if any. */
  fault?: FaultKind;
  durationMs?: number;
}

export interface EmulatorStats {
  /** ARM requests (admin requests are not counted). */
  total: number;
  byRoute: Record<RouteName | "unknown", number>;
  byStatus: Record<string, number>;
  /** Requests that got a fault. */
  faulted: number;
  inFlight: number;
  /** Highest number of ARM requests in flight at the same time since the last clear. */
  maxInFlight: number;
  /** Distinct Authorization header values, in the order first seen. */
  authorizationHeaders: string[];
  /** Requests that came without an Authorization header. */
  withoutAuthorization: number;
  /** The most recent requests (bounded by `maxLogEntries`), oldest first. */
  requests: RequestRecord[];
}

/** A zero count for every route and for unknown paths, in route order. */
function emptyByRoute(): Record<RouteName | "unknown", number> {
  return Object.fromEntries([...ROUTE_NAMES, "unknown"].map((name) => [name, 0])) as Record<RouteName | "unknown", number>;
}

export class RequestLog {
  private seq = 0;
  private total = 0;
  private byRoute = emptyByRoute();
  private byStatus: Record<string, number> = {};
  private faulted = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private authorizations = new Set<string>();
  private withoutAuthorization = 0;
  private records: RequestRecord[] = [];

  constructor(private readonly maxEntries = 10_000) {}

  begin(r: Omit<RequestRecord, "seq" | "time">): RequestRecord {
    const record: RequestRecord = { seq: ++this.seq, time: new Date().toISOString(), ...r };
    this.total++;
    this.byRoute[record.route]++;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    if (record.authorization === undefined) this.withoutAuthorization++;
    else this.authorizations.add(record.authorization);
    if (this.maxEntries > 0) {
      this.records.push(record);
      if (this.records.length > this.maxEntries) this.records.splice(0, this.records.length - this.maxEntries);
    }
    return record;
  }

  markFault(record: RequestRecord, kind: FaultKind): void {
    record.fault = kind;
    this.faulted++;
  }

  /** Called once when the response is finished or the connection closed. */
  end(record: RequestRecord, status: number | undefined, startedAt: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    record.durationMs = Date.now() - startedAt;
    if (status !== undefined) {
      record.status = status;
      this.byStatus[String(status)] = (this.byStatus[String(status)] ?? 0) + 1;
    }
  }

  snapshot(): EmulatorStats {
    return {
      total: this.total,
      byRoute: { ...this.byRoute },
      byStatus: { ...this.byStatus },
      faulted: this.faulted,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      authorizationHeaders: [...this.authorizations],
      withoutAuthorization: this.withoutAuthorization,
      requests: this.records.map((r) => ({ ...r })),
    };
  }

  /** Clears counters and the log; `maxInFlight` restarts from the requests now in flight. */
  clear(): void {
    this.total = 0;
    this.byRoute = emptyByRoute();
    this.byStatus = {};
    this.faulted = 0;
    this.maxInFlight = this.inFlight;
    this.authorizations.clear();
    this.withoutAuthorization = 0;
    this.records = [];
  }
}
