// The scan thread of read-ahead.ts: scans overlays/ and posts the result, or that it failed (the main thread then
// scans again, and reports the error from there).
import { parentPort, workerData } from 'node:worker_threads';
import type { ScanReport } from './read-ahead.js';
import { scanOverlays } from './scan.js';

const { root } = workerData as { root: string };
let report: ScanReport;
try {
  report = { ok: true, scanned: await scanOverlays(root) };
} catch {
  report = { ok: false };
}
parentPort!.postMessage(report);
