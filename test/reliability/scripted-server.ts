/**
 * A plain-http loopback server whose answers a test writes by hand (raw sockets included), for
 * answers the emulator does not give: malformed, oversized, slow, contradictory, protocol edges.
 * It counts connections, requests and the most requests in flight.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ScriptedServer {
  url: string;
  requests: Array<{ url: string; headers: http.IncomingHttpHeaders }>;
  connections(): number;
  maxInFlight(): number;
  close(): Promise<void>;
}

export type Answer = (req: http.IncomingMessage, res: http.ServerResponse, base: string, n: number) => void;

export async function startScriptedServer(answer: Answer): Promise<ScriptedServer> {
  const requests: ScriptedServer["requests"] = [];
  let base = "";
  let connections = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? "", headers: req.headers });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once("close", () => inFlight--);
    res.on("error", () => {});
    answer(req, res, base, requests.length);
  });
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    connections: () => connections,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a raw HTTP answer on the request's socket (for what node:http refuses to send). */
export function rawAnswer(res: http.ServerResponse, text: string | Buffer, end = true): void {
  const socket = res.socket!;
  socket.write(text);
  if (end) socket.end();
}
