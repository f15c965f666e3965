// A writer thread: writes its share of the files of a plan (see apply.ts) and reports success, or the
// file-system error that stopped it, as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { type FileToWrite, writeFiles } from './atomic.js';

export type WriterReport = { ok: true } | { ok: false; message: string; code?: string; syscall?: string; path?: string; dest?: string };

const { root, files, writes, tag } = workerData as { root: string; files: FileToWrite[]; writes: Int32Array; tag: string };
let report: WriterReport = { ok: true };
try {
  await writeFiles(root, files, writes, { tag });
} catch (err) {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  report = { ok: false, message: e.message };
  if (e.code !== undefined) report.code = e.code;
  if (e.syscall !== undefined) report.syscall = e.syscall;
  if (e.path !== undefined) report.path = e.path;
  if (e.dest !== undefined) report.dest = e.dest;
}
parentPort!.postMessage(report);
