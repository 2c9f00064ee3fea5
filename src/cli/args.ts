/**
 * Command-line options for the project's commands (`npm run seed`, `report`, `bench`, …):
 * node's `parseArgs` with `--help`, and a usage line instead of a stack trace for an unknown or
 * malformed option.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: false }>>['values'];

/** The parsed options, or what to print and the exit status when there is nothing to run. */
export function readOptions<O extends Options>(args: string[], usage: string, options: O): { values: Values<O> } | { exit: number; message: string } {
  if (args.includes('--help') || args.includes('-h')) return { exit: 0, message: usage };
  try {
    return { values: parseArgs({ args, options, allowPositionals: false }).values as Values<O> };
  } catch (e) {
    return { exit: 2, message: `${e instanceof Error ? e.message : String(e)}\n${usage}` };
  }
}

/** The process's options; prints the usage and exits for `--help` or a bad option. */
export function commandLine<O extends Options>(usage: string, options: O): Values<O> {
  const read = readOptions(process.argv.slice(2), usage, options);
  if ('values' in read) return read.values;
  (read.exit === 0 ? console.log : console.error)(read.message);
  process.exit(read.exit);
}
