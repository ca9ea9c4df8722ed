import * as vscode from 'vscode';

/** Lines kept in memory for diagnostics and the key-leak tests; older lines are dropped. */
const CAPACITY = 2000;

export interface RecordingLog {
  readonly channel: vscode.LogOutputChannel;
  /** The most recent lines written through the channel, oldest first. */
  recentLines(): string[];
}

/**
 * Creates the extension's single LogOutputChannel and records what is written to it, so the
 * extension-host tests can prove the API key never reaches the log.
 */
export function createRecordingLog(context: vscode.ExtensionContext): RecordingLog {
  const channel = vscode.window.createOutputChannel('PG:AI Sessions', { log: true });
  context.subscriptions.push(channel);
  const lines: string[] = [];
  const record = (line: string): void => {
    lines.push(line);
    if (lines.length > CAPACITY) lines.splice(0, lines.length - CAPACITY);
  };
  for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) {
    const write = channel[level].bind(channel) as (message: string | Error, ...args: unknown[]) => void;
    // Patching the instance (not wrapping it) keeps every other member of the channel intact.
    (channel as unknown as Record<string, unknown>)[level] = (message: string | Error, ...args: unknown[]): void => {
      record([level, describe(message), ...args.map(describe)].join(' '));
      write(message, ...args);
    };
  }
  return { channel, recentLines: () => [...lines] };
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
