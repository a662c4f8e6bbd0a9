/**
 * 人生一件事, first half: 退役军人服务, 退休, 教育入学, 婚育户 (registered here, one module per bundle).
 */
import type { Bundle } from '../core/bundle.js';
import { marriageBirthHouseholdBundle } from './marriageBirthHouseholdBundle.js';
import { retirementBundle } from './retirementBundle.js';
import { schoolEnrollmentBundle } from './schoolEnrollmentBundle.js';
import { veteranBundle } from './veteranBundle.js';

export const lifeEventBundlesA: Bundle[] = [veteranBundle, retirementBundle, schoolEnrollmentBundle, marriageBirthHouseholdBundle];
