/**
 * The optional Kubernetes Ingress each addon chart offers for its UI (`values.<addon>.ingress`; off in the demo
 * profile): one rule per listed host, or one for any host, routing the addon's path to its Service.
 */
import { Construct } from 'constructs';
import { IngressV1Beta1 } from '../k8s-legacy';
import { nsMeta } from '../meta';
import { IstioConfig } from '../options';
import { AddonIngressValues } from '../values';

export interface AddonIngressProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly ingress: AddonIngressValues;
  /** The path routed to the addon (its context path). */
  readonly path: string;
  readonly serviceName: string;
  readonly servicePort: number;
}

/** The addon's Ingress, when its values enable one. */
export function addonIngress(scope: Construct, config: IstioConfig, props: AddonIngressProps): IngressV1Beta1 | undefined {
  const ingress = props.ingress;
  if (!ingress.enabled) return undefined;
  const http = { paths: [{ path: props.path, backend: { serviceName: props.serviceName, servicePort: props.servicePort } }] };
  const hosts = ingress.hosts ?? [];
  const annotations = ingress.annotations ?? {};
  return new IngressV1Beta1(scope, 'ingress', {
    metadata: nsMeta(config, props.name, props.labels, Object.keys(annotations).length ? annotations : undefined),
    spec: {
      rules: hosts.length ? hosts.map((host) => ({ host, http })) : [{ http }],
      ...(ingress.tls?.length ? { tls: ingress.tls as Array<{ hosts?: string[]; secretName?: string }> } : {}),
    },
  });
}
