// gRPC, the protobuf runtime and Pulumi's generated stubs, as the plugin uses them: those of the
// @pulumi/pulumi the package runs with (a peer dependency), loaded from its own location so that
// messages and services match the ones it was generated with.

import { createRequire } from "node:module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as engineStubTypes from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as engineTypes from "@pulumi/pulumi/proto/engine_pb";
import type * as errorsTypes from "@pulumi/pulumi/proto/errors_pb";
import type * as pluginTypes from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerStubTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as statusTypes from "@pulumi/pulumi/proto/status_pb";
import type * as anyTypes from "google-protobuf/google/protobuf/any_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;
export const structproto = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof structTypes;
export const emptyproto = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyTypes;
export const anyproto = pulumiRequire("google-protobuf/google/protobuf/any_pb") as typeof anyTypes;
export const plugproto = pulumiRequire("@pulumi/pulumi/proto/plugin_pb") as typeof pluginTypes;
export const provrpc = pulumiRequire("@pulumi/pulumi/proto/provider_grpc_pb") as typeof providerStubTypes;
export const provproto = pulumiRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerTypes;
export const enginerpc = pulumiRequire("@pulumi/pulumi/proto/engine_grpc_pb") as typeof engineStubTypes;
export const engineproto = pulumiRequire("@pulumi/pulumi/proto/engine_pb") as typeof engineTypes;
export const errorsproto = pulumiRequire("@pulumi/pulumi/proto/errors_pb") as typeof errorsTypes;
export const statusproto = pulumiRequire("@pulumi/pulumi/proto/status_pb") as typeof statusTypes;
