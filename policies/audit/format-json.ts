// `--format json`: the AuditReport (report.ts, documented in the README), printed as
// JSON.stringify(report, null, 2) would print it, an account at a time.

import { StreamedJsonObject } from "./json-stream";
import type { ReportHeader, ReportWriter } from "./report";

export function jsonWriter(header: ReportHeader): ReportWriter {
  const report = new StreamedJsonObject();
  return {
    start: () => report.open(header, "accounts"),
    account: (account) => report.item(account),
    end: (summary) => `${report.close({ summary })}\n`,
  };
}
