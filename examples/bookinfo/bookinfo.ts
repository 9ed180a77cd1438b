/**
 * The Bookinfo sample of Istio 1.2.2 (`samples/bookinfo`) as a cdk8s chart: four services (productpage, details,
 * reviews in three versions, ratings), the gateway that exposes the product page, the DestinationRules that name the
 * versions (with or without mutual TLS) and the VirtualServices that route all traffic to v1; the sidecars are
 * injected at synth time.
 */
import { Chart, ChartProps } from 'cdk8s';
import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import { Construct } from 'constructs';
import { injectSidecars, IstioProps } from 'cdk8s-istio';
import { DestinationRule, Gateway, Subset, VirtualService } from 'cdk8s-istio';

/** One microservice of Bookinfo: its versions and the subsets its DestinationRule names. */
interface Microservice {
  readonly name: string;
  /** Versions that run as Deployments. */
  readonly versions: string[];
  /** Versions the DestinationRule names (some run only in other samples: MySQL, a VM). */
  readonly subsets: string[];
}

const PORT = 9080;
const IMAGE_TAG = '1.12.0';

/** In the order of `platform/kube/bookinfo.yaml`. */
export const BOOKINFO_SERVICES: Microservice[] = [
  { name: 'details', versions: ['v1'], subsets: ['v1', 'v2'] },
  { name: 'ratings', versions: ['v1'], subsets: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'] },
  { name: 'reviews', versions: ['v1', 'v2', 'v3'], subsets: ['v1', 'v2', 'v3'] },
  { name: 'productpage', versions: ['v1'], subsets: ['v1'] },
];

export interface BookinfoProps extends ChartProps {
  /**
   * `strict` uses the DestinationRules with mutual TLS (`destination-rule-all-mtls.yaml`), for a mesh installed in
   * strict mode; `permissive` the plain ones.
   * @default 'permissive'
   */
  readonly mode?: 'permissive' | 'strict';
  /** Inject the Istio sidecar into the Deployments at synth time. @default true */
  readonly injectSidecars?: boolean;
  /** The installation the sidecars join (its props). @default - the demo installation, in the chosen mode */
  readonly istio?: IstioProps;
}

/** Bookinfo, as the Istio 1.2.2 release ships it. */
export class Bookinfo extends Chart {
  constructor(scope: Construct, id: string, props: BookinfoProps = {}) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    const mode = props.mode ?? 'permissive';

    for (const svc of BOOKINFO_SERVICES) {
      new k8s.KubeService(this, `${svc.name}-service`, {
        metadata: { name: svc.name, labels: { app: svc.name, service: svc.name } },
        spec: { ports: [{ port: PORT, name: 'http' }], selector: { app: svc.name } },
      });
      const account = `bookinfo-${svc.name}`;
      new k8s.KubeServiceAccount(this, `${svc.name}-service-account`, { metadata: { name: account } });
      for (const version of svc.versions) {
        const labels = { app: svc.name, version };
        new k8s.KubeDeployment(this, `${svc.name}-${version}`, {
          metadata: { name: `${svc.name}-${version}`, labels },
          spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: account,
                containers: [{
                  name: svc.name,
                  image: `istio/examples-bookinfo-${svc.name}-${version}:${IMAGE_TAG}`,
                  imagePullPolicy: 'IfNotPresent',
                  ports: [{ containerPort: PORT }],
                }],
              },
            },
          },
        });
      }
    }

    new Gateway(this, 'gateway', {
      metadata: { name: 'bookinfo-gateway' },
      spec: {
        selector: { istio: 'ingressgateway' }, // Istio's default ingress gateway
        servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
      },
    });
    new VirtualService(this, 'bookinfo', {
      metadata: { name: 'bookinfo' },
      spec: {
        hosts: ['*'],
        gateways: ['bookinfo-gateway'],
        http: [{
          // The product page, its static files, login and logout, and the products API.
          match: [
            { uri: { exact: '/productpage' } },
            { uri: { prefix: '/static' } },
            { uri: { exact: '/login' } },
            { uri: { exact: '/logout' } },
            { uri: { prefix: '/api/v1/products' } },
          ],
          route: [{ destination: { host: 'productpage', port: { number: PORT } } }],
        }],
      },
    });

    // destination-rule-all(-mtls).yaml, in its order, then virtual-service-all-v1.yaml.
    const order = ['productpage', 'reviews', 'ratings', 'details'];
    const byName = new Map(BOOKINFO_SERVICES.map((s) => [s.name, s]));
    for (const name of order) {
      const subsets: Subset[] = byName.get(name)!.subsets.map((v) => ({ name: v, labels: { version: v } }));
      new DestinationRule(this, `${name}-destination-rule`, {
        metadata: { name },
        spec: { host: name, ...(mode === 'strict' ? { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } } : {}), subsets },
      });
    }
    for (const name of order) {
      new VirtualService(this, `${name}-virtual-service`, {
        metadata: { name },
        spec: { hosts: [name], http: [{ route: [{ destination: { host: name, subset: 'v1' } }] }] },
      });
    }

    if (props.injectSidecars ?? true) injectSidecars(this, { props: { mode, ...props.istio } });
  }
}
