import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SillageError } from '@sillage/core';

/**
 * Makes a directory's entries durable (a file created, renamed or truncated inside it). fsync on a
 * file flushes its data, not the name that leads to it.
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export const COMMITTED_FILE = 'committed';
export const COMMITTED_TEMP_FILE = 'committed.tmp';

/** The shipped offset stored in `dir`, 0 when none was ever committed. */
export async function readCommittedSeq(dir: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(join(dir, COMMITTED_FILE), 'utf8');
  } catch (err) {
    if (isNotFound(err)) return 0;
    throw err;
  }
  const seq = Number(text.trim());
  // The file is replaced by rename, so it is whole or absent; anything else is damage.
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(seq)) {
    throw new SillageError('SPOOL_CORRUPT', [dir, `the committed offset file holds ${JSON.stringify(text.slice(0, 40))}`]);
  }
  return seq;
}

/** Replaces the shipped offset atomically and durably: temp file, fsync, rename, fsync of the directory. */
export async function writeCommittedSeq(dir: string, seq: number): Promise<void> {
  const temp = join(dir, COMMITTED_TEMP_FILE);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(`${seq}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, COMMITTED_FILE));
  await syncDir(dir);
}
