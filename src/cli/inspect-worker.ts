// The inspect worker's side (a worker_thread running the davsync bundle itself, see bin.ts): it
// inspects the texts it is sent with the same inspector as the main thread and answers with the
// facts and any parser message, in order. No memo here: every text comes once.
import type { MessagePort } from "node:worker_threads";
import { createInspector, type InspectOutcome } from "./inspect";

/** workerData of an inspect worker; bin.ts recognizes the role. */
export interface InspectWorkerData {
  role: "davsync-inspect";
  withSpan: boolean;
}

export type InspectRequest = { id: number; texts: string[] };
export type InspectAnswer = { id: number; results: InspectOutcome[] } | { id: number; failure: string };

export function isInspectWorkerData(data: unknown): data is InspectWorkerData {
  return typeof data === "object" && data !== null && (data as { role?: unknown }).role === "davsync-inspect";
}

export function serveInspections(params: { port: MessagePort; data: InspectWorkerData }): void {
  const inspector = createInspector({ withSpan: params.data.withSpan, memoSize: 0 });
  params.port.on("message", (request: InspectRequest) => {
    let answer: InspectAnswer;
    try {
      answer = { id: request.id, results: request.texts.map((text) => inspector.outcome(text)) };
    } catch (e) {
      answer = { id: request.id, failure: e instanceof Error ? e.message : String(e) };
    }
    params.port.postMessage(answer);
  });
}
