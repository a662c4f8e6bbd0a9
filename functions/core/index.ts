/**
 * The lianban domain core: pure functions, no I/O. Import from here or from the concept's file.
 */
export * from './actor.js';
export * from './bundle.js';
export * from './bundleGraph.js';
export * from './bundleValidation.js';
export * from './calendar.js';
export * from './canonical.js';
export * from './case.js';
export * from './clock.js';
export * from './commandParsing.js';
export * from './directory.js';
export * from './directoryValidation.js';
export * from './dispatch.js';
export * from './effects.js';
export * from './errors.js';
export * from './events.js';
export * from './fieldValue.js';
export * from './form.js';
export * from './idNumber.js';
export * from './intake.js';
export * from './materials.js';
export * from './policy.js';
export * from './precheck.js';
export * from './queue.js';
export * from './routing.js';
export * from './seal.js';
export * from './signing.js';
export * from './subtask.js';
export * from './text.js';
export * from './time.js';
export * from './view.js';
