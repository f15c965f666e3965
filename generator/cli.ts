#!/usr/bin/env node
// The gwtopo executable (package.json "bin"). All logic lives in main.ts.
import { main } from './main.js';

/** Standard input to its end, or its first bytes past `limit` (the caller refuses the input then). */
async function readStdin(limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > limit) break;
  }
  return Buffer.concat(chunks);
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // A spinner only where it can draw: a terminal with a width that is not dumb, outside CI.
  interactive: process.stderr.isTTY === true && (process.stderr.columns ?? 0) > 0 && !process.env.CI && process.env.TERM !== 'dumb',
  color: process.stdout.isTTY === true && (process.env.NO_COLOR ?? '') === '',
  noColor: (process.env.NO_COLOR ?? '') !== '',
  ...(process.stdout.isTTY === true && (process.stdout.columns ?? 0) > 0 ? { columns: process.stdout.columns } : {}),
  cwd: process.cwd(),
  readStdin,
  ...(process.env.GITHUB_WORKSPACE ? { githubWorkspace: process.env.GITHUB_WORKSPACE } : {}),
  ...(process.env.CI_PROJECT_DIR ? { gitlabProjectDir: process.env.CI_PROJECT_DIR } : {}),
});
