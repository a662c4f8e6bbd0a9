/**
 * The catalog: bundle definitions and the seed directory, as plain data modules.
 */
import type { Bundle } from '../core/bundle.js';
import type { CalendarOverlay } from '../core/calendar.js';
import { acceptanceBundle } from './acceptanceBundle.js';
import { birthBundle } from './birthBundle.js';
import { deathBundle } from './deathBundle.js';
import { lifeEventBundles } from './lifeEvents.js';
import { preconstructionBundle } from './preconstructionBundle.js';

export { birthBundle } from './birthBundle.js';
export { deathBundle } from './deathBundle.js';
export { seedDirectory, CITY } from './directorySeed.js';
export * as materialTypes from './materialTypes.js';

export const bundles: Bundle[] = [birthBundle, deathBundle, acceptanceBundle, preconstructionBundle, ...lifeEventBundles];

export function findCatalogBundle(id: string, version?: number): Bundle | undefined {
  return bundles.find((b) => b.id === id && (version === undefined || b.version === version));
}

/** The local calendar overlay starts empty; admins add local days off and workdays. */
export const calendarOverlaySeed: CalendarOverlay = { holidays: [], workdays: [], publishedYears: [], version: 'seed' };
