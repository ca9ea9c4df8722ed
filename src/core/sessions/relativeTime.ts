// "just now", "5 min ago", "2 h ago", "3 d ago", then a date ("Mar 4", "Mar 4, 2024").

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch ms of an ISO 8601 timestamp, or undefined when missing or unreadable. */
export function parseTime(value: string | undefined): number | undefined {
  // A timestamp is short; a 100 KB "date" from a server is not parsed at all (Date.parse is slow on it).
  if (typeof value !== 'string' || value === '' || value.length > 64) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A short date in local time: "Mar 4" this year, "Mar 4, 2024" otherwise. */
function shortDate(ms: number, now: number): string {
  const date = new Date(ms);
  const label = `${MONTHS[date.getMonth()]} ${date.getDate()}`;
  return date.getFullYear() === new Date(now).getFullYear() ? label : `${label}, ${date.getFullYear()}`;
}

/** How long ago `iso` was, relative to `now` (epoch ms); undefined when the time is unreadable. */
export function relativeTime(iso: string | undefined, now: number): string | undefined {
  const ms = parseTime(iso);
  if (ms === undefined) return undefined;
  const ago = now - ms;
  if (ago < -MINUTE) return shortDate(ms, now); // clock skew or a future date: just say when
  if (ago < 45_000) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.floor(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)} d ago`;
  return shortDate(ms, now);
}

/** "2026-03-04 14:05" in local time, for tooltips and details. */
export function absoluteTime(iso: string | undefined): string | undefined {
  const ms = parseTime(iso);
  if (ms === undefined) return undefined;
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
