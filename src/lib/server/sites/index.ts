// Field teaching resources: bases and points (sites.ts), routes (routes.ts).
export * from './validate.ts';
export * from './sites.ts';
export * from './routes.ts';
