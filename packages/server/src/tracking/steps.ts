import { readFile } from 'node:fs/promises';
import { defaultTrackingSteps, parseHostList, SillageError, type Step } from '@sillage/core';

/**
 * The tracking pipeline for this installation: the default steps, with the referrer-spam hosts of
 * SILLAGE_SPAM_LIST_FILE (one host per line, "#" comments) added to the built-in list. The file is read
 * once at start; a missing or unreadable file stops the server rather than silently letting spam in.
 */
export async function loadTrackingSteps(spamListFile: string | undefined): Promise<Step[]> {
  if (spamListFile === undefined) return defaultTrackingSteps();
  let text: string;
  try {
    text = await readFile(spamListFile, 'utf8');
  } catch (err) {
    throw new SillageError('CONFIG_INVALID', ['SILLAGE_SPAM_LIST_FILE', `cannot read ${spamListFile}: ${(err as Error).message}`]);
  }
  return defaultTrackingSteps({ extraSpamHosts: parseHostList(text) });
}
