// The training archive (一人一档): requirements per rank level as versioned
// data, a person's archive for a year, the unit view of shortfalls, exports.
export * from './requirements.ts';
export * from './person.ts';
export * from './entries.ts';
export * from './history.ts';
export * from './shortfall.ts';
export * from './scope.ts';
export * from './export.ts';
export * from '../../archive/labels.ts';
