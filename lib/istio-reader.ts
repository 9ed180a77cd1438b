/**
 * The multicluster reader (the chart's own templates): a ServiceAccount whose token remote clusters' Pilots use to
 * read this cluster's services and endpoints.
 */
import * as k8s from './k8s';
import { Construct } from 'constructs';
import { IstioConfig } from './options';

/** ClusterRole `istio-reader`, ServiceAccount and ClusterRoleBinding `istio-multi`. */
export class IstioReader extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    const read = ['get', 'watch', 'list'];
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: 'istio-reader' },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'pods', 'services', 'endpoints', 'replicationcontrollers'], verbs: read },
        { apiGroups: ['extensions', 'apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    // Unlike the subcharts' ServiceAccounts, the chart's own has no image pull secrets: nothing runs under it.
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: 'istio-multi', namespace: config.namespace } });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      // The release's only chart label here is a stale one from Istio 1.1: kept so that existing installs see no diff.
      metadata: { name: 'istio-multi', labels: { chart: 'istio-1.1.0' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'istio-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'istio-multi', namespace: config.namespace }],
    });
  }
}
