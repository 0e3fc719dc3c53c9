/** What a device may send to the log endpoint, at most: Apple's messages are a line each. */
export const DEVICE_LOG_MAX_LINES = 20;
const DEVICE_LOG_MAX_CHARACTERS = 300;

/**
 * Apple's devices report web service errors in plain sentences that may quote a serial number
 * (the member card number), a URL or a token. Before a line reaches the log, long digit runs,
 * addresses and token-like strings are masked, control characters dropped, and the line cut.
 */
export function sanitiseDeviceLogLine(line: string): string {
  const masked = line
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\S+@\S+/g, '[address]')
    .replace(/[A-Za-z0-9+/_=-]{24,}/g, '[token]')
    .replace(/\d[\d\s-]{4,}\d/g, '[number]')
    .trim();
  return masked.length > DEVICE_LOG_MAX_CHARACTERS ? `${masked.slice(0, DEVICE_LOG_MAX_CHARACTERS - 1)}…` : masked;
}
