// Input rules of the Batch Account operations, checked before any request is made. Each message
// names the field and the rule, so a user can fix the call without reading ARM's documentation.

import { invalidArgument } from "../errors";

const ACCOUNT_NAME = /^[a-zA-Z0-9]{3,24}$/;
// ARM allows Unicode letters and digits, '-', '_', '.', '(' and ')' in resource group names.
const RESOURCE_GROUP_NAME = /^[\p{L}\p{Nd}\-_.()]{1,90}$/u;
/** A GUID, as subscription and tenant ids are written. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function requireString(field: string, value: unknown): string {
  if (typeof value !== "string") throw invalidArgument(field, "must be a string", value);
  return value;
}

export function validateAccountName(value: unknown, field = "accountName"): string {
  const name = requireString(field, value);
  if (!ACCOUNT_NAME.test(name)) {
    throw invalidArgument(field, "a Batch account name must be 3 to 24 characters, ASCII letters and digits only (^[a-zA-Z0-9]+$)", name);
  }
  return name;
}

export function validateResourceGroupName(value: unknown, field = "resourceGroupName"): string {
  const name = requireString(field, value);
  if (!RESOURCE_GROUP_NAME.test(name) || name.endsWith(".")) {
    throw invalidArgument(
      field,
      "a resource group name must be 1 to 90 characters of letters, digits, '-', '_', '.', '(' and ')', and must not end with '.'",
      name,
    );
  }
  return name;
}

export function validateSubscriptionId(value: unknown, field = "subscriptionId"): string {
  const id = requireString(field, value);
  if (!GUID_PATTERN.test(id)) {
    throw invalidArgument(field, "a subscription id must be a GUID such as 00000000-0000-0000-0000-000000000000", id);
  }
  return id;
}

/** Validates the optional string fields of an args object that JavaScript callers may get wrong. */
export function validateArgsObject(value: unknown, field = "args"): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalidArgument(field, "must be an object", value);
  return value as Record<string, unknown>;
}

/**
 * True when `name` is a resource group name ARM accepts (the rule of {@link validateResourceGroupName}),
 * for code that checks names without throwing (the emulator's data sets).
 */
export function isResourceGroupName(name: string): boolean {
  return RESOURCE_GROUP_NAME.test(name) && !name.endsWith(".");
}

/** True when `value` is a GUID (the rule of {@link validateSubscriptionId}). */
export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
