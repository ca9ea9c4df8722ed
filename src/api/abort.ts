// A one-shot abort flag with listeners: the client's cheap stand-in for AbortController.
// Node's AbortController/AbortSignal (an EventTarget) costs microseconds per signal and per
// listener, which showed up on every request; this costs an object and an array.

/** The part of an AbortSignal the client reads: an `Abort` and a real AbortSignal both fit. */
export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class Abort implements AbortLike {
  private done = false;
  private listeners: (() => void)[] | undefined;
  private controller: AbortController | undefined;

  get aborted(): boolean {
    return this.done;
  }

  /** Aborts once; later calls do nothing. Listeners run in the order they were added. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }

  /**
   * Runs `listener` once on abort. As with AbortSignal, nothing runs for a listener added after
   * the abort. (The EventTarget shape lets undici's `request` take an Abort as its `signal`.)
   */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.done) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (!listeners) return;
    const index = listeners.lastIndexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  }

  /** A real AbortSignal that follows this one, made on first use (for APIs that need one). */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.done) controller.abort();
      else this.addEventListener('abort', () => controller.abort());
    }
    return this.controller.signal;
  }
}

/** `signal` as a real AbortSignal (an Abort makes one on demand). */
export function asAbortSignal(signal: AbortLike | undefined): AbortSignal | undefined {
  return signal instanceof Abort ? signal.signal : (signal as AbortSignal | undefined);
}
