import { describe, expect, it } from "vitest";
import { armAdvice, describeTarget, type LookupTarget, errorFromResponse as mapError } from "../../../provider/client/response-errors";
import { fakeResponse } from "../../support/pipeline-response";

const target = { subscriptionId: "11111111-1111-1111-1111-111111111111", resourceGroupName: "rg1", accountName: "acct1" };

function response(status: number, body: string, headers: Record<string, string> = {}) {
  return fakeResponse(status, body, { "content-type": "application/json; charset=utf-8", ...headers });
}

function errorFromResponse(res: ReturnType<typeof fakeResponse>, t: LookupTarget, attempts: number) {
  return mapError(res, describeTarget(t), attempts, armAdvice(t));
}

describe("ARM error mapping", () => {
  it("keeps ARM's code, message, target, details and request ids", () => {
    const body = JSON.stringify({
      error: {
        code: "ResourceNotFound",
        message: "The Resource 'Microsoft.Batch/batchAccounts/acct1' under resource group 'rg1' was not found.",
        target: "acct1",
        details: [{ code: "Inner", message: "inner" }],
      },
    });
    const err = errorFromResponse(response(404, body, { "x-ms-request-id": "req-1", "x-ms-correlation-request-id": "corr-1" }), target, 1);
    expect(err).toMatchObject({ code: "ResourceNotFound", statusCode: 404, target: "acct1", requestId: "req-1", correlationId: "corr-1" });
    expect(err.details).toEqual([{ code: "Inner", message: "inner" }]);
    expect(err.message).toContain('Batch account "acct1" in resource group "rg1" of subscription 11111111-1111-1111-1111-111111111111');
  });

  it("tells what to check on 401 and 403", () => {
    const e401 = errorFromResponse(
      response(401, JSON.stringify({ error: { code: "InvalidAuthenticationToken", message: "bad" } })),
      target,
      1,
    );
    expect(e401.message).toMatch(/az login/);
    const e403 = errorFromResponse(response(403, JSON.stringify({ error: { code: "AuthorizationFailed", message: "no" } })), target, 1);
    expect(e403.message).toContain("Microsoft.Batch/batchAccounts/read");
    expect(e403.message).toContain("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1");
  });

  it("describes HTML and empty bodies by status", () => {
    const html = errorFromResponse(fakeResponse(502, "<html>Bad Gateway</html>", { "content-type": "text/html" }), target, 5);
    expect(html).toMatchObject({ code: "Http502", statusCode: 502 });
    expect(html.message).toContain("after 5 attempts");
    expect(html.message).toContain("text/html body");
    expect(html.message).not.toContain("<html>");
    const empty = errorFromResponse(response(503, ""), target, 1);
    expect(empty.message).toContain("HTTP 503 with an empty body");
  });
});
