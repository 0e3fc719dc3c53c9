/**
 * The shop's calendar: French and Belgian shops, so Paris time (Brussels keeps the same clock).
 * A request received at 23:30 on 31 January in Paris is a January request, whatever UTC says.
 */
export const SHOP_TIME_ZONE = 'Europe/Paris';

const DAY_MS = 86_400_000;

type TWallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number };

const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: SHOP_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClockOf(instant: Date): TWallClock {
  const parts = Object.fromEntries(wallClockFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: instant.getUTCMilliseconds(),
  };
}

const asUtc = (clock: TWallClock) => Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second, clock.millisecond);

/** The instant a Paris wall-clock time names (the later one when a DST change makes it ambiguous or missing). */
function instantOf(clock: TWallClock): Date {
  const naive = asUtc(clock);
  const firstGuess = naive - (asUtc(wallClockOf(new Date(naive))) - naive);
  return new Date(naive - (asUtc(wallClockOf(new Date(firstGuess))) - firstGuess));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * When the answer is due: one calendar month after receipt (GDPR art. 12(3)), same time of day,
 * in the shop's calendar. When the next month has no such day, the last day of that month
 * (Regulation 1182/71 art. 3(2)(c), and PostgreSQL's `+ interval '1 month'`): received on
 * 31 January → due 28 February (29 in a leap year); 30 March → 30 April; 31 March → 30 April.
 */
export function privacyRequestDueAt(receivedAt: Date): Date {
  const received = wallClockOf(receivedAt);
  const year = received.month === 12 ? received.year + 1 : received.year;
  const month = received.month === 12 ? 1 : received.month + 1;
  return instantOf({ ...received, year, month, day: Math.min(received.day, daysInMonth(year, month)) });
}

/**
 * Whole days left before the due date, counting a started day as one: 0.2 day left is 1, due
 * this very moment is 0, overdue by a few hours is 0 and by 1.5 days is -1.
 */
export function daysLeftUntil(dueAt: Date, now: Date): number {
  return Math.ceil((dueAt.getTime() - now.getTime()) / DAY_MS) || 0;
}
