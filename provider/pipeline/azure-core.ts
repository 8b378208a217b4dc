// @azure/core-rest-pipeline and @azure/logger, loaded with the first client rather than with the
// package. core-rest-pipeline's entry point loads every policy it has, node:http/https, proxy agents
// and multipart support (about 100 ms of CPU on a cold process); a program or a policy pack that
// imports the package for its model and constants, and never sends a request, does not pay for it.

type CorePipeline = typeof import("@azure/core-rest-pipeline");
type AzureLogger = import("@azure/logger").AzureLogger;

let core: CorePipeline | undefined;
let logger: AzureLogger | undefined;

export function corePipeline(): CorePipeline {
  core ??= require("@azure/core-rest-pipeline") as CorePipeline;
  return core;
}

/** The library's logger ("azure-batch-lookup"), enabled by AZURE_LOG_LEVEL like every Azure SDK client's. */
export function lookupLogger(): AzureLogger {
  logger ??= (require("@azure/logger") as typeof import("@azure/logger")).createClientLogger("azure-batch-lookup");
  return logger;
}
