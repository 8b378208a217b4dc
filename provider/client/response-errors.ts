// Turns ARM's error responses into BatchLookupErrors that say what was asked for and what to
// check next. Bodies arrive as {"error":{code,message,target,details}}, but gateways may send
// HTML or nothing, so the status alone must still make a useful message.

import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { type ArmErrorDetail, BatchLookupError } from "../errors";
import { redact, tokenOf } from "./redact";

/** What a request was for, to name it in errors. */
export interface LookupTarget {
  subscriptionId: string;
  resourceGroupName?: string;
  accountName?: string;
}

export function describeTarget(target: LookupTarget): string {
  if (target.accountName !== undefined) {
    return `Batch account "${target.accountName}" in resource group "${target.resourceGroupName}" of subscription ${target.subscriptionId}`;
  }
  if (target.resourceGroupName !== undefined) {
    return `Batch accounts of resource group "${target.resourceGroupName}" in subscription ${target.subscriptionId}`;
  }
  return `Batch accounts of subscription ${target.subscriptionId}`;
}

interface ArmError {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

function readDetails(value: unknown, clean: (text: string) => string, depth: number): ArmErrorDetail[] | undefined {
  if (!Array.isArray(value) || depth > MAX_DETAIL_DEPTH) return undefined;
  const out: ArmErrorDetail[] = [];
  for (const item of value.slice(0, MAX_DETAILS)) {
    const e = readError(item, clean, depth + 1);
    if (e !== undefined) out.push(e);
  }
  return out;
}

/** Details nest; a hostile body must not make the error itself unbounded. */
const MAX_DETAILS = 50;
const MAX_DETAIL_DEPTH = 5;
/** ARM's messages are a sentence or two; a longer one is cut. */
const MAX_TEXT = 4096;

function readError(value: unknown, clean: (text: string) => string, depth = 0): ArmError | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.code !== "string" && typeof o.message !== "string") return undefined;
  const err: ArmError = {
    code: typeof o.code === "string" ? clean(o.code) : "Unknown",
    message: typeof o.message === "string" ? clean(o.message) : "",
  };
  if (typeof o.target === "string") err.target = clean(o.target);
  const details = readDetails(o.details, clean, depth);
  if (details !== undefined && details.length > 0) err.details = details;
  return err;
}

/**
 * ARM's error envelope, when the body has one; its texts pass through `clean` (which removes
 * credentials) and are cut to a bounded length.
 */
export function parseArmError(body: string, clean: (text: string) => string = (t) => t): ArmError | undefined {
  if (body.trim() === "") return undefined;
  const bounded = (text: string): string => {
    const c = clean(text);
    return c.length > MAX_TEXT ? `${c.slice(0, MAX_TEXT)}…` : c;
  };
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === "object" && parsed !== null && "error" in parsed) {
      return readError((parsed as { error: unknown }).error, bounded);
    }
    return readError(parsed, bounded);
  } catch {
    return undefined;
  }
}

function contentType(res: PipelineResponse): string {
  return (res.headers.get("content-type") ?? "no content type").split(";")[0]!.trim();
}

/** What to check next, for a failed read of `target`. */
export function armAdvice(target: LookupTarget): (status: number, code: string) => string {
  return (status, code) => advice(status, code, target);
}

function advice(status: number, code: string, target: LookupTarget): string {
  const scope =
    target.resourceGroupName === undefined
      ? `/subscriptions/${target.subscriptionId}`
      : `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroupName}`;
  switch (code) {
    // ARM's answer for a resource it does not know, and the Batch resource provider's own for an
    // account it does not have (for example one just deleted).
    case "ResourceNotFound":
    case "AccountNotFound":
      return "Check the account name, resource group and subscription: the account does not exist there, or was deleted.";
    case "ResourceGroupNotFound":
      return `Resource group "${target.resourceGroupName}" does not exist in subscription ${target.subscriptionId}.`;
    case "SubscriptionNotFound":
      return `Subscription ${target.subscriptionId} was not found: check subscriptionId (argument, config azure-batch-lookup:subscriptionId, or ARM_SUBSCRIPTION_ID) and the signed-in tenant.`;
  }
  if (status === 401) {
    return "Azure Resource Manager did not accept the credential: sign in again (`az login`), check AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, or the `credential` option, and that it targets this cloud's tenant.";
  }
  if (status === 403) {
    return `The signed-in principal needs a role assignment that grants Microsoft.Batch/batchAccounts/read (for example Reader) on ${scope}.`;
  }
  if (status === 429) return "Azure Resource Manager throttled the requests; lower maxConcurrentRequests or retry later.";
  return "";
}

/** The error for a response that is not a success. `attempts` counts the tries made. */
export function errorFromResponse(
  res: PipelineResponse,
  what: string,
  attempts: number,
  advise: (status: number, code: string) => string = () => "",
  /** Said before the server's error, such as how it came (an error sent with status 200). */
  lead = "",
): BatchLookupError {
  const body = res.bodyAsText ?? "";
  const token = tokenOf(res.request.headers.get("authorization"));
  const arm = parseArmError(body, (text) => redact(text, token));
  const code = arm?.code ?? `Http${res.status}`;
  const server =
    arm === undefined
      ? `HTTP ${res.status} with ${body.trim() === "" ? "an empty body" : `a ${contentType(res)} body that is not an ARM error`}`
      : `${arm.code}: ${arm.message}`;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const hint = advise(res.status, code);
  const init: ConstructorParameters<typeof BatchLookupError>[0] = {
    code,
    statusCode: res.status,
    message: `Reading ${what} failed${tries}: ${lead}${server}${hint === "" ? "" : ` ${hint}`}`,
  };
  if (arm?.target !== undefined) init.target = arm.target;
  if (arm?.details !== undefined) init.details = arm.details;
  const requestId = res.headers.get("x-ms-request-id");
  const correlationId = res.headers.get("x-ms-correlation-request-id");
  if (requestId !== undefined) init.requestId = requestId;
  if (correlationId !== undefined) init.correlationId = correlationId;
  return new BatchLookupError(init);
}
