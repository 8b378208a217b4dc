/**
 * Shared helpers of the emulator tests: the spec folder, trusting the emulator's CA, raw requests.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import * as tls from "node:tls";
import { EMULATOR_API_VERSION, EMULATOR_TOKEN, type RunningEmulator } from "../../emulator";

/** The Azure REST specification and official examples kept in spec/. */
export const SPEC_DIR = path.resolve(__dirname, "../../spec");
export const EXAMPLES_DIR = path.join(SPEC_DIR, "examples");

export function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

const trusted = new Set<string>();
/** Adds the emulator's CA to this process's default trust store (fetch, https, the Azure SDK). */
export function trustCa(pem: string | undefined): void {
  if (!pem || trusted.has(pem)) return;
  trusted.add(pem);
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), pem]);
}

export const AUTH = { authorization: `Bearer ${EMULATOR_TOKEN}` };
export const API = `api-version=${EMULATOR_API_VERSION}`;

export function armUrl(emu: RunningEmulator, path: string, query = API): string {
  return `${emu.url}${path}${query ? `?${query}` : ""}`;
}

export function getPath(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Batch/batchAccounts/${name}`;
}
export function listPath(sub: string): string {
  return `/subscriptions/${sub}/providers/Microsoft.Batch/batchAccounts`;
}
export function listByRgPath(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Batch/batchAccounts`;
}

/** GET with the emulator token (unless headers override it). */
export function armGet(url: string, headers: Record<string, string> = AUTH): Promise<Response> {
  return fetch(url, { headers });
}

/** Follows nextLinks; returns every page body. */
export async function allPages(firstUrl: string, headers: Record<string, string> = AUTH, limit = 10_000): Promise<any[]> {
  const pages: any[] = [];
  let url: string | undefined = firstUrl;
  while (url) {
    const res = await armGet(url, headers);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as any;
    pages.push(body);
    url = body.nextLink;
    if (pages.length > limit) throw new Error("too many pages");
  }
  return pages;
}

export interface RawResult {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body: Buffer;
  /** How the exchange ended: complete, or the error seen. */
  error?: NodeJS.ErrnoException;
  aborted: boolean;
  /** ms until the response headers arrived / until the end. */
  headersAfterMs?: number;
  endedAfterMs: number;
}

/** A raw request through node's http(s) module, recording everything the client sees; `onHeaders` is told when the headers come. */
export function rawGet(url: string, headers: Record<string, string> = AUTH, ca?: string, onHeaders?: () => void): Promise<RawResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const result: RawResult = { body: Buffer.alloc(0), aborted: false, endedAfterMs: 0 };
    let done = false;
    const finish = (error?: NodeJS.ErrnoException) => {
      if (done) return;
      done = true;
      result.body = Buffer.concat(chunks);
      result.error = error;
      result.endedAfterMs = Date.now() - started;
      resolve(result);
    };
    const mod = url.startsWith("https:") ? https : http;
    const req = mod.get(url, { headers, ca, agent: false }, (res) => {
      result.status = res.statusCode;
      result.headers = res.headers;
      result.headersAfterMs = Date.now() - started;
      onHeaders?.();
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("aborted", () => {
        result.aborted = true;
      });
      res.on("error", (e) => finish(e));
      res.on("end", () => finish());
      res.on("close", () => finish(result.aborted ? Object.assign(new Error("aborted"), { code: "ECONNRESET" }) : undefined));
    });
    req.on("error", (e) => finish(e));
  });
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
