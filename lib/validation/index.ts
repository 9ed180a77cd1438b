export * from './preview';
export * from './k8s';
export * from './istio';
export * from './values-rules';
