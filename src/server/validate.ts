import { z } from 'zod';
import { InputError } from './errors.js';

/** Validates input with zod; the first problem becomes an InputError naming its field path. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, prefix = 'input'): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [prefix, ...issue.path.map(String)].join('.');
  throw new InputError(path, issue.message);
}

/** Required free text: trimmed, not blank, at most `max` characters; messages name `what`. */
export const text = (max: number, what: string) => z.string().trim().min(1, `${what} is required`).max(max, `${what} has at most ${max} characters`);
