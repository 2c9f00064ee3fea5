import { Kind } from 'graphql';
import { formatMoney, parseMoney } from '../benefits/settlement/money.js';
import { idNumberProblem, ID_NUMBER_PROBLEM_MESSAGES } from '../people/id-number.js';
import { badInput } from '../server/errors.js';
import { builder } from './builder.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) throw badInput('date', 'Date must be an ISO date YYYY-MM-DD');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw badInput('date', `Not a calendar date: ${value}`);
  return value;
}

function parseMoneyValue(value: unknown): number {
  if (typeof value !== 'string') throw badInput('amount', 'Money is a decimal string of yuan, e.g. "1234.56"');
  try {
    return parseMoney(value);
  } catch (e) {
    throw badInput('amount', (e as Error).message);
  }
}

function parseIdNumberValue(value: unknown): string {
  if (typeof value !== 'string') throw badInput('idNumber', 'ID number must be a string');
  const v = value.trim().toUpperCase();
  const problem = idNumberProblem(v);
  if (problem) throw badInput('idNumber', ID_NUMBER_PROBLEM_MESSAGES[problem]);
  return v;
}

builder.scalarType('Money', {
  description: 'Yuan as a decimal string with two places ("1234.56"); integer fen inside.',
  serialize: (fen) => formatMoney(fen as number),
  parseValue: parseMoneyValue,
  parseLiteral: (ast) => parseMoneyValue(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('Date', {
  description: 'A calendar date, ISO 8601 (YYYY-MM-DD).',
  serialize: (v) => v as string,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 with time zone.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: (v) => {
    const d = new Date(String(v));
    if (typeof v !== 'string' || Number.isNaN(d.getTime())) throw badInput('dateTime', 'DateTime must be ISO 8601');
    return d;
  },
  parseLiteral: (ast) => {
    const d = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(NaN);
    if (Number.isNaN(d.getTime())) throw badInput('dateTime', 'DateTime must be ISO 8601');
    return d;
  },
});

builder.scalarType('IdNumber', {
  description: '18-character 居民身份证号 (resident ID number), validated per GB 11643 on input.',
  serialize: (v) => v as string,
  parseValue: parseIdNumberValue,
  parseLiteral: (ast) => parseIdNumberValue(ast.kind === Kind.STRING ? ast.value : undefined),
});
