/** The commands' option parsing: `--help`, and a bad option answered with the usage, not a stack trace. */
import { describe, expect, it } from 'vitest';
import { readOptions } from '../../src/cli/args.js';

const USAGE = 'usage: npm run x -- [--persons N] [--fresh]';
const OPTIONS = { persons: { type: 'string', default: '10' }, fresh: { type: 'boolean', default: false } } as const;

describe('command-line options', () => {
  it('gives the values, defaults filled in', () => {
    expect(readOptions(['--persons', '200', '--fresh'], USAGE, OPTIONS)).toEqual({ values: { persons: '200', fresh: true } });
    expect(readOptions([], USAGE, OPTIONS)).toEqual({ values: { persons: '10', fresh: false } });
  });

  it('answers --help and -h with the usage and status 0', () => {
    expect(readOptions(['--help'], USAGE, OPTIONS)).toEqual({ exit: 0, message: USAGE });
    expect(readOptions(['--persons', '5', '-h'], USAGE, OPTIONS)).toEqual({ exit: 0, message: USAGE });
  });

  it('answers an unknown option, a missing value or a stray argument with what is wrong, the usage and status 2', () => {
    for (const args of [['--person', '5'], ['--persons'], ['extra']]) {
      const read = readOptions(args, USAGE, OPTIONS);
      expect(read).toMatchObject({ exit: 2 });
      if (!('message' in read)) throw new Error('expected a message');
      expect(read.message.endsWith(USAGE)).toBe(true);
      expect(read.message.split('\n')[0]!.length).toBeGreaterThan(0);
    }
  });
});
