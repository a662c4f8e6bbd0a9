/**
 * 人生一件事, second half: 就业, 置业 (with the public utilities' 水电气 and 有线电视 transfers), 就医, 收养
 * (registered here, one module per bundle).
 */
import type { Bundle } from '../core/bundle.js';
import { adoptionBundle } from './adoptionBundle.js';
import { employmentBundle } from './employmentBundle.js';
import { medicalBundle } from './medicalBundle.js';
import { propertyBundle } from './propertyBundle.js';

export const lifeEventBundlesB: Bundle[] = [employmentBundle, propertyBundle, medicalBundle, adoptionBundle];
