import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SillageError } from '@sillage/core';

/**
 * The embedded engines allow one process per data directory. The server records its pid in
 * `<dataDir>/sillage.pid`; metadata commands of the CLI refuse to open a directory a live server holds,
 * with a clear message instead of an engine lock error.
 */
export function lockFilePath(dataDir: string): string {
  return join(dataDir, 'sillage.pid');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live server holding `dataDir`, or undefined (a stale file from a crash is ignored). */
export function lockHolder(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(lockFilePath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  return isAlive(pid) ? pid : undefined;
}

export function assertNotLocked(dataDir: string): void {
  const pid = lockHolder(dataDir);
  if (pid !== undefined) throw new SillageError('STORE_LOCKED', [dataDir, pid]);
}

/** Takes the lock for this process; returns a release function. */
export function acquireLock(dataDir: string): () => void {
  assertNotLocked(dataDir);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(lockFilePath(dataDir), `${process.pid}\n`);
  return () => {
    try {
      if (readFileSync(lockFilePath(dataDir), 'utf8').trim() === String(process.pid)) rmSync(lockFilePath(dataDir));
    } catch {
      // already gone
    }
  };
}
