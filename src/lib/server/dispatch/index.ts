// Dispatch (调训): the priority list (list.ts) and nominating from it (scope.ts).
export * from './list.ts';
export * from './scope.ts';
