// Tenant-scale listing pieces that do not depend on the request path: the Resource Graph query
// and request bodies, scope arguments, page and row parsing, quota headers, and the subscription
// list of the ARM fan-out. The listing itself runs on a BatchLookupClient (list-scope.ts,
// resource-graph-list.ts, arm-fan-out.ts) and is reached through listBatchAccounts, not from here.

export * from "./arg-query";
export * from "./arg-response";
export * from "./headers";
export * from "./quota";
export * from "./scope";
export * from "./subscription-list";
