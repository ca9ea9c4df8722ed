// Time-ordered UUIDs (version 7) for created sessions: ids made later sort after earlier ones,
// even within one millisecond, so the id tie-break keeps newest-first order with a frozen clock.
import { randomBytes } from 'node:crypto';

export function uuid7Factory(): (nowMs: number) => string {
  let lastMs = -1;
  let counter = 0;
  return (nowMs) => {
    let ms = Math.max(0, Math.floor(nowMs));
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        ms = lastMs + 1;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastMs = ms;
    const rand = randomBytes(8);
    const hex =
      ms.toString(16).padStart(12, '0') +
      '7' +
      counter.toString(16).padStart(3, '0') +
      (0x8 | ((rand[0]) & 0x3)).toString(16) +
      rand.toString('hex').slice(1, 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}
