/**
 * The person bundles beyond 出生 and 身后 (domain research §2.3–2.8), handled by 鄞州 and 海曙 with their town centres.
 */
import type { Bundle } from '../core/bundle.js';
import { lifeEventBundlesA } from './lifeEventsA.js';
import { lifeEventBundlesB } from './lifeEventsB.js';

export const lifeEventBundles: Bundle[] = [...lifeEventBundlesA, ...lifeEventBundlesB];
