/**
 * What an analysis without the installation assumes Istio provides, as `istioctl analyze` does for files: the
 * default ingress gateway (its pods and Service), so that Gateways selecting `istio: ingressgateway` are not
 * reported missing. Its labels and ports are the default Istio 1.2.2 installation's.
 */
import { resolveOptions } from '../options';

export const DEFAULT_GATEWAY_POD = 'istio-ingressgateway-dummypod';

export function defaultResources(): unknown[] {
  const config = resolveOptions({});
  const gw = config.values.gateways['istio-ingressgateway'];
  const labels = { release: config.release, ...gw.labels };
  const metadata = (name: string) => ({ name, namespace: config.namespace, labels });
  return [
    { apiVersion: 'v1', kind: 'Pod', metadata: metadata(DEFAULT_GATEWAY_POD), spec: { containers: [{ name: 'istio-proxy' }] } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('istio-ingressgateway'),
      spec: { selector: labels, ports: (gw.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: 'TCP' })) },
    },
  ];
}
