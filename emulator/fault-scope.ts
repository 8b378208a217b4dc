/**
 * Which armed fault hits a request, and what a synthetic fault answer knows about the request
 * (its subscription, principal and ARM scope); otherwise the handler's answer is sent as produced.
 */
import type { ArmResponse } from "./arm-errors";
import { EMULATOR_PRINCIPAL_ID } from "./constants";
import { deliverFault, type Exchange, type FaultRequestInfo, send } from "./delivery";
import { type MatchedRoute, routeScope } from "./routes";
import type { EmulatorState } from "./state";
import type { RequestRecord } from "./stats";

/** The subscription named in answers to requests that address none (tenant-level operations). */
const NO_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export interface FaultableRequest {
  route: MatchedRoute;
  /** Path and query as received (what a fault's `path` is tested against). */
  url: string;
  authorization?: string;
  correlationId: string;
  record: RequestRecord;
}

function faultRequestInfo(state: EmulatorState, req: FaultableRequest): FaultRequestInfo {
  const auth = state.tokens.authenticate(req.authorization);
  const { route } = req;
  const info: FaultRequestInfo = {
    subscriptionId: "subscriptionId" in route ? route.subscriptionId : NO_SUBSCRIPTION,
    principalId: auth.ok ? auth.principal.principalId : EMULATOR_PRINCIPAL_ID,
    scope: routeScope(route),
    tenantId: state.tenantId,
  };
  if (route.name === "resourceGraph") info.resourceGraph = { correlationId: req.correlationId };
  return info;
}

/** Sends the produced response, or delivers the first armed fault that matches the request. */
export function respond(ex: Exchange, state: EmulatorState, req: FaultableRequest, produce: () => ArmResponse): void {
  const fault = state.faults.pick(req.route.name, req.url);
  if (!fault) {
    send(ex, produce());
    return;
  }
  state.log.markFault(req.record, fault.kind);
  deliverFault(ex, fault, faultRequestInfo(state, req), produce).catch(() => ex.res.destroy());
}
