/** The logging surface the non-VS Code layers need; a `LogOutputChannel` satisfies it. */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
  /**
   * Optional: the lowest level shown, numbered as VS Code's `LogLevel` (0 off, 1 trace,
   * 2 debug, 3 info, 4 warning, 5 error); a `LogOutputChannel` has it. When present, the client
   * does not build lines that would not be shown. Absent means every level is shown.
   */
  readonly logLevel?: number;
}

/** Whether `logger` shows lines of `level` (numbered as `Logger.logLevel`). */
export function logsAt(logger: Logger, level: number): boolean {
  const shown = logger.logLevel;
  return shown === undefined || (shown !== 0 && shown <= level);
}

export const silentLogger: Logger = {
  logLevel: 0,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
