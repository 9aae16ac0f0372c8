import { describe, expect, it } from 'vitest';
import { formatDuration } from '../src/format';

describe('formatDuration', () => {
  it('shows minutes and seconds as players do', () => {
    expect(formatDuration(7.4)).toBe('0:07');
    expect(formatDuration(83)).toBe('1:23');
    expect(formatDuration(59.6)).toBe('1:00');
  });
  it('adds hours for long videos', () => {
    expect(formatDuration(3723)).toBe('1:02:03');
  });
  it('is empty when unknown', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(undefined)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
  });
});
