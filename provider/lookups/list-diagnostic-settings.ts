import { invalidArgument } from "../errors";
import type { DiagnosticSetting } from "../model/estate";
import { validateArgsObject } from "../model/names";
import { diagnosticSettingsList } from "../operations/diagnostic-settings-list";
import type { PagedAsyncIterableIterator } from "../paging/paged-iterator";
import { type ArmListPlan, pagedArmList, readArmList } from "./arm-list";
import { clientFor } from "./lookup-context";
import type { LookupOptions } from "./lookup-options";

export interface ListDiagnosticSettingsArgs {
  /** The ARM id of the resource, for example a Batch account's `id`. */
  resourceUri: string;
}

export interface DiagnosticSettingListResult {
  value: DiagnosticSetting[];
}

const RESOURCE_ID = /^\/subscriptions\/[^/?#]+(\/[^/?#]+)*$/i;

/**
 * Gets the active diagnostic settings of a resource (Diagnostic Settings - List, Microsoft.Insights,
 * api-version 2021-05-01-preview). Needs Microsoft.Insights/diagnosticSettings/read.
 */
export async function listDiagnosticSettings(args: ListDiagnosticSettingsArgs, opts?: LookupOptions): Promise<DiagnosticSettingListResult> {
  return readArmList("diagnostic", planSettingsList(args, opts));
}

/** The diagnostic settings of `listDiagnosticSettings`, page by page (`PagedAsyncIterableIterator`; see `listBatchAccountsPaged`). */
export function listDiagnosticSettingsPaged(
  args: ListDiagnosticSettingsArgs,
  opts?: LookupOptions,
): PagedAsyncIterableIterator<DiagnosticSetting> {
  return pagedArmList(planSettingsList(args, opts));
}

function planSettingsList(args: ListDiagnosticSettingsArgs, opts: LookupOptions | undefined): ArmListPlan<DiagnosticSetting> {
  const a = validateArgsObject(args);
  const resourceUri = a.resourceUri;
  if (typeof resourceUri !== "string" || !RESOURCE_ID.test(resourceUri) || resourceUri.split("/").some((s) => s === "." || s === "..")) {
    throw invalidArgument(
      "resourceUri",
      "must be an ARM resource id such as /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Batch/batchAccounts/{name}",
      resourceUri,
    );
  }
  const client = clientFor(opts);
  return { client, list: () => diagnosticSettingsList(client.endpoint, resourceUri) };
}
