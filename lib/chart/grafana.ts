import type { DeepPartial } from './coalesce';
import type { GrafanaValues } from '../values';

/** Defaults of the `grafana` subchart (its own `values.yaml`); the parent chart's `grafana` section and the profile override them. */
export const GrafanaChartDefaults: DeepPartial<GrafanaValues> = {
  enabled: false,
  replicaCount: 1,
  image: { repository: 'grafana/grafana', tag: '6.1.6' },
  ingress: { enabled: false, hosts: ['grafana.local'], annotations: null, tls: null },
  persist: false,
  storageClassName: '',
  accessMode: 'ReadWriteMany',
  security: { enabled: false, secretName: 'grafana', usernameKey: 'username', passphraseKey: 'passphrase' },
  nodeSelector: {},
  tolerations: [],
  podAntiAffinityLabelSelector: [],
  podAntiAffinityTermLabelSelector: [],
  contextPath: '/grafana',
  service: {
    annotations: {},
    name: 'http',
    type: 'ClusterIP',
    externalPort: 3000,
    loadBalancerIP: null,
    loadBalancerSourceRanges: null,
  },
  datasources: {
    'datasources.yaml': {
      apiVersion: 1,
      datasources: [
        {
          name: 'Prometheus',
          type: 'prometheus',
          orgId: 1,
          url: 'http://prometheus:9090',
          access: 'proxy',
          isDefault: true,
          jsonData: { timeInterval: '5s' },
          editable: true,
        },
      ],
    },
  },
  dashboardProviders: {
    'dashboardproviders.yaml': {
      apiVersion: 1,
      providers: [
        {
          name: 'istio',
          orgId: 1,
          folder: 'istio',
          type: 'file',
          disableDeletion: false,
          options: { path: '/var/lib/grafana/dashboards/istio' },
        },
      ],
    },
  },
};
