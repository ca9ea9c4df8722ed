// Fixed-window rate limiting per API key. A key's window opens with its first counted request
// and lasts `windowMs`; keys are held as hashes, never as they are.
import { createHash } from 'node:crypto';
import type { RateLimitOption } from './types';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms at which the window ends. */
  resetAtMs: number;
  /** Whole seconds until the window ends (at least 1); for Retry-After. */
  retryAfterSec: number;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly option: RateLimitOption) {}

  hit(key: string, nowMs: number): RateDecision {
    const id = createHash('sha256').update(key).digest('hex').slice(0, 16);
    let w = this.windows.get(id);
    if (!w || nowMs >= w.start + this.option.windowMs || nowMs < w.start) {
      w = { start: nowMs, count: 0 };
      this.windows.set(id, w);
    }
    const allowed = w.count < this.option.limit;
    if (allowed) w.count++;
    const resetAtMs = w.start + this.option.windowMs;
    return {
      allowed,
      limit: this.option.limit,
      remaining: Math.max(0, this.option.limit - w.count),
      resetAtMs,
      retryAfterSec: Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000)),
    };
  }

  reset(): void {
    this.windows.clear();
  }
}
