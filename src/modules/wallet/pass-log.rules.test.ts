import { describe, expect, it } from 'vitest';
import { sanitiseDeviceLogLine } from './pass-log.rules.js';

describe('PassKit device log lines', () => {
  it.each([
    ['Could not fetch pass 2901234567896 from https://shop.fr/api/wallet', 'Could not fetch pass [number] from https://shop.fr/api/wallet'],
    ['Card 2901 2345 6789 0 refused', 'Card [number] refused'],
    ['Token ApplePass Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4 rejected', 'Token ApplePass [token] rejected'],
    ['Sent to helene@example.fr\n\u0007done', 'Sent to [address] done'],
  ])('%j is logged as %j', (line, logged) => {
    expect(sanitiseDeviceLogLine(line)).toBe(logged);
  });

  it('a long line is cut', () => {
    expect(sanitiseDeviceLogLine('a '.repeat(400)).length).toBe(300);
  });
});
