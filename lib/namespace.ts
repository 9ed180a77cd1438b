import * as k8s from './k8s';
import { Construct } from 'constructs';
import { IstioConfig } from './options';

/** The control plane's namespace, applied before every namespaced object. */
export class IstioNamespace extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: config.namespace, labels: { 'istio-injection': 'disabled' } },
    });
  }
}
