/**
 * The benchmark reads each answer's Server-Timing header for the server's own time on it: the
 * `app` metric, whatever else the header holds, and nothing when it is absent or malformed.
 */
import { describe, expect, it } from 'vitest';
import { serverDuration } from '../../bench/load.js';

describe('the server-timing reader', () => {
  it('takes the app duration in ms', () => {
    expect(serverDuration('app;dur=3.25')).toBe(3.25);
    expect(serverDuration('app;dur=12')).toBe(12);
    expect(serverDuration('db;dur=1.5, app;dur=4.75')).toBe(4.75);
    expect(serverDuration(['cache;desc="hit"', 'app;dur=0.40'])).toBe(0.4);
  });

  it('finds none where there is none', () => {
    for (const header of [undefined, '', 'db;dur=1.5', 'app', 'app;dur=', 'app;dur=abc', 'myapp;dur=2']) {
      expect(serverDuration(header), String(header)).toBeNull();
    }
  });
});
