// Which mapping applies to which resource type.

import {
  AZURE_NATIVE_BATCH_ACCOUNT,
  BATCH_ACCOUNT_REFERENCE,
  BATCH_ACCOUNT_REFERENCE_PLUGIN,
  CLASSIC_BATCH_ACCOUNT,
} from "../resource-types";
import { mapAzureNativeInputs } from "./azure-native";
import { mapClassicInputs } from "./classic";
import type { MappedAccount } from "./mapped-account";
import { mapReferenceInputs } from "./reference";

export { mapAzureNativeInputs } from "./azure-native";
export { mapClassicInputs } from "./classic";
export type { MappedAccount } from "./mapped-account";
export { type ModelOptions, mapModel } from "./model";
export { mapReferenceInputs } from "./reference";

const MAPPINGS: Readonly<Record<string, (props: unknown, resourceName?: string) => MappedAccount>> = {
  [AZURE_NATIVE_BATCH_ACCOUNT]: mapAzureNativeInputs,
  [CLASSIC_BATCH_ACCOUNT]: mapClassicInputs,
  [BATCH_ACCOUNT_REFERENCE]: mapReferenceInputs,
  [BATCH_ACCOUNT_REFERENCE_PLUGIN]: (props, resourceName) => mapReferenceInputs(props, resourceName, BATCH_ACCOUNT_REFERENCE_PLUGIN),
};

/** Maps a resource's inputs onto the model, or undefined when the type is not a Batch account. */
export function mapResource(type: string, props: unknown, resourceName?: string): MappedAccount | undefined {
  const mapping = MAPPINGS[type];
  return mapping === undefined ? undefined : mapping(props, resourceName);
}
