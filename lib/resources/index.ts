export * from './base';
export * from './networking';
export * from './authentication';
export * from './rbac';
export * from './factory';
