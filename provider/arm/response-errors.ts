// Turns ARM's error responses into BatchLookupErrors that say what was asked for and what to
// check next. Bodies arrive as {"error":{code,message,target,details}}, but gateways may send
// HTML or nothing, so the status alone must still make a useful message.

import { BatchLookupError, type ArmErrorDetail } from "../errors";
import type { HttpResponse } from "../http/transport";

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

export function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

interface ArmError {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

function readDetails(value: unknown): ArmErrorDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ArmErrorDetail[] = [];
  for (const item of value) {
    const e = readError(item);
    if (e !== undefined) out.push(e);
  }
  return out;
}

function readError(value: unknown): ArmError | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.code !== "string" && typeof o.message !== "string") return undefined;
  const err: ArmError = {
    code: typeof o.code === "string" ? o.code : "Unknown",
    message: typeof o.message === "string" ? o.message : "",
  };
  if (typeof o.target === "string") err.target = o.target;
  const details = readDetails(o.details);
  if (details !== undefined && details.length > 0) err.details = details;
  return err;
}

/** ARM's error envelope, when the body has one. */
export function parseArmError(body: string): ArmError | undefined {
  if (body.trim() === "") return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === "object" && parsed !== null && "error" in parsed) {
      return readError((parsed as { error: unknown }).error);
    }
    return readError(parsed);
  } catch {
    return undefined;
  }
}

function contentType(res: HttpResponse): string {
  return (header(res, "content-type") ?? "no content type").split(";")[0]!.trim();
}

function advice(status: number, code: string, target: LookupTarget): string {
  const scope = target.resourceGroupName === undefined
    ? `/subscriptions/${target.subscriptionId}`
    : `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroupName}`;
  switch (code) {
    case "ResourceNotFound":
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
export function errorFromResponse(res: HttpResponse, target: LookupTarget, attempts: number): BatchLookupError {
  const arm = parseArmError(res.body);
  const code = arm?.code ?? `Http${res.status}`;
  const what = describeTarget(target);
  const server = arm === undefined
    ? `HTTP ${res.status} with ${res.body.trim() === "" ? "an empty body" : `a ${contentType(res)} body that is not an ARM error`}`
    : `${arm.code}: ${arm.message}`;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const hint = advice(res.status, code, target);
  const init: ConstructorParameters<typeof BatchLookupError>[0] = {
    code,
    statusCode: res.status,
    message: `Reading ${what} failed${tries}: ${server}${hint === "" ? "" : ` ${hint}`}`,
  };
  if (arm?.target !== undefined) init.target = arm.target;
  if (arm?.details !== undefined) init.details = arm.details;
  const requestId = header(res, "x-ms-request-id");
  const correlationId = header(res, "x-ms-correlation-request-id");
  if (requestId !== undefined) init.requestId = requestId;
  if (correlationId !== undefined) init.correlationId = correlationId;
  return new BatchLookupError(init);
}
