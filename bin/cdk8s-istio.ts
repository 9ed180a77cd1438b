#!/usr/bin/env node
import { main } from '../lib/cli';
import { mark } from '../lib/timing';

/**
 * Exit as soon as everything written has reached stdout and stderr. Left to itself, Node.js would first let V8 finish
 * the garbage collection a synth's heap has started (some 20 ms), for a heap that is about to be thrown away.
 */
function exitWhenFlushed(status: number): void {
  const pending = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
  if (pending.length === 0) process.exit(status);
  let left = pending.length;
  for (const s of pending) s.once('drain', () => { if (--left === 0) process.exit(status); });
}

mark('main');
main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
  exitWhenFlushed(status);
});
