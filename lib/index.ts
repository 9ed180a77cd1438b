export * from './istio';
export * from './crds';
export * from './options';
export * from './values';
export * from './ordered-chart';
export * from './k8s-legacy';
export * from './inject';
export * from './synth';
