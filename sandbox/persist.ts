// Reads and writes the optional data file that keeps sessions created through the sandbox.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SessionRecord } from './types';

export interface PersistedData {
  created: SessionRecord[];
  hidden: string[];
}

function isRecord(v: unknown): v is SessionRecord {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
}

/** Empty data when the file does not exist; throws when it exists but is not sandbox data. */
export function loadData(file: string): PersistedData {
  if (!existsSync(file)) return { created: [], hidden: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`Sandbox data file ${file} is not valid JSON`);
  }
  const data = parsed as Partial<PersistedData> | null;
  if (typeof data !== 'object' || data === null || !Array.isArray(data.created) || !data.created.every(isRecord)) {
    throw new Error(`Sandbox data file ${file} does not hold sandbox data`);
  }
  const hidden = Array.isArray(data.hidden) ? data.hidden.filter((h): h is string => typeof h === 'string') : [];
  return { created: data.created, hidden };
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export function saveData(file: string, data: PersistedData): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, ...data }, null, 2) + '\n', 'utf8');
  renameSync(tmp, file);
}
