/**
 * startEmulator: the parts (state), the control API (control.ts), the request handler
 * (dispatch.ts) and a loopback server (listener.ts), put together.
 */
import { Emulator } from "./control";
import { createDispatcher } from "./dispatch";
import { type Listener, listen, loopbackAddress } from "./listener";
import { EmulatorState } from "./state";
import type { EmulatorOptions, RunningEmulator } from "./types";

/** Starts an emulator (HTTPS on 127.0.0.1 and a free port by default). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = loopbackAddress(options.host);
  const state = new EmulatorState(options);
  const emulator = new Emulator(state);
  let listener: Listener | undefined;
  const dispatcher = createDispatcher(state, emulator, {
    https: options.https ?? true,
    // Requests arrive only once the server listens, after `listener` is set.
    originFor: (req) => listener?.originFor(req) ?? emulator.url,
  });
  listener = await listen(host, options, (req, res) => dispatcher.handle(req, res));
  emulator.attach(listener);
  state.entra.origin = listener.url;
  return emulator;
}
