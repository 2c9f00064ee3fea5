import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Request lines carry ids, role, client, operation name, status and
 * timing, never variables or results; the redaction list is a second line of defence so an ID
 * number or a token cannot reach a log by accident.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'yibao-hub' },
      redact: {
        paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'variables', '*.idNumber', '*.password', 'token'],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}

const ID_NUMBER_LIKE = /\d{6}(19|20)\d{2}\d{4}\d{3}[\dXx]/g;

/** Masks anything shaped like an ID number in free text (error messages, operation names). */
export function scrub(text: string): string {
  return text.replace(ID_NUMBER_LIKE, (m) => `${m.slice(0, 6)}********${m.slice(-4)}`);
}
