// What to check next when a read of an account's estate (its pools, diagnostic settings, private
// endpoints' DNS zone groups) fails: above all, which permission a 403 lacks.

/** Advice for a failed read that needs `action` on `scope`; `parent` names what a 404 did not find. */
export function readAdvice(action: string, scope: string, parent: string): (status: number, code: string) => string {
  return (status, code) => {
    if (status === 403) {
      return `The signed-in principal needs a role assignment that grants ${action} (for example Reader) on ${scope}.`;
    }
    if (status === 401) {
      return "Azure Resource Manager did not accept the credential: sign in again (`az login`) or check the `credential` option.";
    }
    if (status === 404 || code === "ResourceNotFound" || code === "ResourceGroupNotFound") {
      return `Check that ${parent} still exists: it may have been deleted since it was listed.`;
    }
    if (status === 429) return "Azure Resource Manager throttled the requests; lower maxConcurrentRequests or retry later.";
    return "";
  };
}
