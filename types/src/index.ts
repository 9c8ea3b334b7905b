// @pondigo/natsk6/helpers: helper wrappers for natsk6 scripts.
export * from './payload.js';
export * from './codec.js';
export * from './connection.js';
export * from './config.js';
export * from './assert.js';
export * from './backlog.js';
