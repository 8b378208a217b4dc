// How a failure reaches the engine: a gRPC status. Bad input (a lookup's argument, a provider's
// configuration key, a request the provider does not serve) is INVALID_ARGUMENT naming the property,
// with Pulumi's InputPropertiesError in the status details, as Pulumi's own provider server answers
// it; an error thrown outside any call is INTERNAL; every other failure (ARM's, the transport's) is
// UNKNOWN with the library's code, message and request ids.

import type * as grpcTypes from "@grpc/grpc-js";
import { BatchLookupError } from "../errors";
import { anyproto, errorsproto, grpc, statusproto } from "./grpc-runtime";

export type GrpcError = Partial<grpcTypes.ServiceError>;

/** The error the engine shows: the library's code and message, and the ids to quote to Azure support. */
export function describeError(err: unknown): string {
  if (err instanceof BatchLookupError) {
    const ids = [
      err.requestId && `x-ms-request-id: ${err.requestId}`,
      err.correlationId && `x-ms-correlation-request-id: ${err.correlationId}`,
    ]
      .filter(Boolean)
      .join(", ");
    return `BatchLookupError ${err.code}${err.statusCode === undefined ? "" : ` (HTTP ${err.statusCode})`}: ${err.message}${ids === "" ? "" : ` (${ids})`}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** The property a bad-input error names: its target's first word, without the configuration namespace. */
export function propertyOf(err: BatchLookupError): string {
  return (err.target ?? "").split(" ")[0]!.replace(/^azure-batch-lookup:(config:)?/, "");
}

function isBadInput(err: unknown): err is BatchLookupError {
  return err instanceof BatchLookupError && (err.code === "InvalidArgument" || err.code === "InvalidConfiguration");
}

function invalidArgument(err: BatchLookupError): GrpcError {
  const message = describeError(err);
  const property = propertyOf(err);
  const errors = new errorsproto.InputPropertiesError();
  errors.addErrors(new errorsproto.InputPropertiesError.PropertyError().setPropertyPath(property).setReason(err.message));
  const details = new anyproto.Any();
  details.pack(errors.serializeBinary(), "pulumirpc.InputPropertiesError");
  const status = new statusproto.Status().setCode(grpc.status.INVALID_ARGUMENT).setMessage(message);
  status.addDetails(details);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code: grpc.status.INVALID_ARGUMENT, details: message, message, metadata };
}

/** The gRPC status of a failed call. */
export function grpcError(err: unknown): GrpcError {
  if (isBadInput(err)) return invalidArgument(err);
  return { code: grpc.status.UNKNOWN, details: describeError(err), message: describeError(err) };
}

/** The status of calls in flight when the process met an error outside any call. */
export function uncaughtError(err: unknown): GrpcError {
  const message = `azure-batch-lookup provider: an error outside any call stopped this one: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
  return { code: grpc.status.INTERNAL, details: message, message };
}
