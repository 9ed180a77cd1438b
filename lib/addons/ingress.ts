/**
 * The optional Kubernetes Ingress each addon chart offers for its UI (`values.<addon>.ingress`; off in every
 * profile): one rule per listed host, or one for any host, routing the addon's path to its Service.
 */
import { Construct } from 'constructs';
import { reread, truthy } from '../helm-text';
import { IngressV1Beta1 } from '../k8s-legacy';
import { nsMeta } from '../meta';
import { IstioConfig } from '../options';
import { AddonIngressValues } from '../values';
import { quotedAnnotations } from './chart-parts';

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
  if (!truthy(ingress.enabled)) return undefined;
  const http = { paths: [{ path: props.path, backend: { serviceName: props.serviceName, servicePort: props.servicePort } }] };
  // `- host: {{ $host }}` is unquoted: YAML reads the text.
  const hosts = truthy(ingress.hosts) ? (ingress.hosts ?? []).map((h) => reread(h) as string) : [];
  const annotations = quotedAnnotations(ingress.annotations);
  return new AddonIngress(scope, 'ingress', {
    metadata: nsMeta(config, props.name, props.labels, annotations),
    spec: {
      rules: hosts.length ? hosts.map((host) => ({ host, http })) : [{ http }],
      ...(truthy(ingress.tls) ? { tls: ingress.tls as Array<{ hosts?: string[]; secretName?: string }> } : {}),
    },
  });
}

/**
 * The chart always writes `annotations:`; with nothing under it YAML reads a null, which cdk8s would drop. Set at
 * render time, so that annotations added later (Argo CD sync waves) are kept.
 */
class AddonIngress extends IngressV1Beta1 {
  public toJson(): any {
    const json = super.toJson();
    return json.metadata.annotations ? json : { ...json, metadata: { ...json.metadata, annotations: null } };
  }
}
