/**
 * The CLI run in the test's own process: `main(argv, io)` of lib/cli.ts (what the packaged `cdk8s-istio` runs), with
 * stdout and stderr captured and stdin given, for a few milliseconds instead of a Node.js process start-up per run.
 * The packaged launcher itself is exercised by the few tests that run `runCliProcess` (test/helpers.ts), and
 * test/cli.test.ts checks that both give the same status and bytes for each command.
 */
import * as path from 'path';
import { main } from '../lib/cli';
import { RunResult, tmpDir } from './helpers';

export interface InProcessOptions {
  /** What stdin holds (the flags given `-` read it); empty, as for a child process without input, by default. */
  readonly input?: string;
}

/** Run the CLI with `args` in this process: its exit status and everything it wrote. */
export async function runCli(args: string[], opts: InProcessOptions = {}): Promise<RunResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  // A pipe: its contents once, then end of file.
  let stdin: Buffer | undefined = Buffer.from(opts.input ?? '', 'utf8');
  const status = await main(args, {
    stdout: { write: (s: string) => stdout.push(s) },
    stderr: { write: (s: string) => stderr.push(s) },
    readStdin: () => {
      const data = stdin ?? Buffer.alloc(0);
      stdin = undefined;
      return data;
    },
    // Not a terminal: the help wraps at 120 columns, as when a child process's stdout is a pipe.
    columns: undefined,
  });
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Synthesize through the CLI (in this process) into a fresh folder. */
export async function synthToDir(args: string[] = []): Promise<string> {
  const out = path.join(tmpDir(), 'out');
  const r = await runCli(['synth', '--output', out, ...args]);
  if (r.status !== 0) throw new Error(`synth ${args.join(' ')} failed: ${r.stderr}`);
  return out;
}
