/**
 * The `labwire` process around `main`: stdout closed early (`| head`) ends quietly as tshark
 * does, and the exit code is main's.
 */
type Main = (argv: readonly string[], out: (s: string) => void, err: (s: string) => void) => Promise<number>;

export async function runAsProcess(main: Main): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2), (s) => process.stdout.write(s + '\n'), (s) => process.stderr.write(s + '\n'));
}
