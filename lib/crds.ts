/**
 * The 28 CustomResourceDefinitions the release installs first (the chart's `istio-init` files): 23 of Istio's API
 * groups and 5 of cert-manager's. They are a data table; one function turns a row into the CRD.
 */
import { Construct } from 'constructs';
import { CrdPrinterColumn, CustomResourceDefinitionV1Beta1 } from './k8s-legacy';
import { sinceVersion } from './chart/versions';
import { IstioConfig } from './options';
import { OrderedChart } from './ordered-chart';

/** One CRD of the table. */
export interface CrdRow {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly version: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** @default - the kind, lower-cased (Istio's CRDs); cert-manager's have none */
  readonly singular?: string | null;
  /** Also write `<Kind>List` as the list kind. @default false */
  readonly listKind?: boolean;
  readonly shortNames?: string[];
  /** The `kubectl get` categories. @default - none */
  readonly categories?: string[];
  /** Labels, besides `heritage` and `release`. */
  readonly labels: Record<string, string>;
  readonly printerColumns?: CrdPrinterColumn[];
  /** Annotate `helm.sh/resource-policy: keep`, which keeps the CRD (and users' resources) when the release is deleted. @default true */
  readonly keep?: boolean;
}

const AGE: CrdPrinterColumn = {
  JSONPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in '
    + 'happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n'
    + 'Populated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md#metadata',
  name: 'Age',
  type: 'date',
};
const column = (name: string, JSONPath: string, description?: string, priority?: number): CrdPrinterColumn => ({
  JSONPath, ...(description ? { description } : {}), name, type: 'string', ...(priority ? { priority } : {}),
});

const categories = (group: string) => ['istio-io', group];
const NETWORKING = { group: 'networking.istio.io', version: 'v1alpha3', categories: categories('networking-istio-io') };
const RBAC = { group: 'rbac.istio.io', version: 'v1alpha1', categories: categories('rbac-istio-io') };
const AUTHN = { group: 'authentication.istio.io', version: 'v1alpha1', categories: categories('authentication-istio-io') };
const APIM = { group: 'config.istio.io', version: 'v1alpha2', categories: categories('apim-istio-io') };
const POLICY = { group: 'config.istio.io', version: 'v1alpha2', categories: categories('policy-istio-io') };
const CERT_MANAGER = { group: 'certmanager.k8s.io', version: 'v1alpha1', singular: null, labels: { app: 'certmanager', chart: 'certmanager' } };

const pilot = { app: 'istio-pilot', chart: 'istio' };
const mixer = (pkg: string, istio: string) => ({ app: 'mixer', package: pkg, istio, chart: 'istio' });
const mixerApim = { app: 'istio-mixer', chart: 'istio' };
const citadel = { app: 'istio-citadel', chart: 'istio' };

/** The release's CRDs, in its order (crd-10, crd-11, crd-12, crd-certmanager-10, crd-certmanager-11). */
export const ISTIO_CRDS: readonly CrdRow[] = [
  {
    ...NETWORKING, kind: 'VirtualService', plural: 'virtualservices', listKind: true, shortNames: ['vs'], scope: 'Namespaced', labels: pilot,
    printerColumns: [
      column('Gateways', '.spec.gateways', 'The names of gateways and sidecars that should apply these routes'),
      column('Hosts', '.spec.hosts', 'The destination hosts to which traffic is being sent'),
      AGE,
    ],
  },
  {
    ...NETWORKING, kind: 'DestinationRule', plural: 'destinationrules', listKind: true, shortNames: ['dr'], scope: 'Namespaced', labels: pilot,
    printerColumns: [column('Host', '.spec.host', 'The name of a service from the service registry'), AGE],
  },
  {
    ...NETWORKING, kind: 'ServiceEntry', plural: 'serviceentries', listKind: true, shortNames: ['se'], scope: 'Namespaced', labels: pilot,
    printerColumns: [
      column('Hosts', '.spec.hosts', 'The hosts associated with the ServiceEntry'),
      column('Location', '.spec.location', 'Whether the service is external to the mesh or part of the mesh (MESH_EXTERNAL or MESH_INTERNAL)'),
      column('Resolution', '.spec.resolution', 'Service discovery mode for the hosts (NONE, STATIC, or DNS)'),
      AGE,
    ],
  },
  { ...NETWORKING, kind: 'Gateway', plural: 'gateways', shortNames: ['gw'], scope: 'Namespaced', labels: pilot },
  { ...NETWORKING, kind: 'EnvoyFilter', plural: 'envoyfilters', scope: 'Namespaced', labels: pilot },
  { ...RBAC, kind: 'ClusterRbacConfig', plural: 'clusterrbacconfigs', scope: 'Cluster', labels: { app: 'istio-pilot', istio: 'rbac' } },
  { ...AUTHN, kind: 'Policy', plural: 'policies', scope: 'Namespaced', labels: citadel },
  { ...AUTHN, kind: 'MeshPolicy', plural: 'meshpolicies', listKind: true, scope: 'Cluster', labels: citadel },
  { ...APIM, kind: 'HTTPAPISpecBinding', plural: 'httpapispecbindings', scope: 'Namespaced', labels: mixerApim },
  { ...APIM, kind: 'HTTPAPISpec', plural: 'httpapispecs', scope: 'Namespaced', labels: mixerApim },
  { ...APIM, kind: 'QuotaSpecBinding', plural: 'quotaspecbindings', scope: 'Namespaced', labels: mixerApim },
  { ...APIM, kind: 'QuotaSpec', plural: 'quotaspecs', scope: 'Namespaced', labels: mixerApim },
  { ...POLICY, kind: 'rule', plural: 'rules', scope: 'Namespaced', labels: mixer('istio.io.mixer', 'core') },
  { ...POLICY, kind: 'attributemanifest', plural: 'attributemanifests', scope: 'Namespaced', labels: mixer('istio.io.mixer', 'core') },
  { ...RBAC, kind: 'RbacConfig', plural: 'rbacconfigs', scope: 'Namespaced', labels: mixer('istio.io.mixer', 'rbac') },
  { ...RBAC, kind: 'ServiceRole', plural: 'serviceroles', scope: 'Namespaced', labels: mixer('istio.io.mixer', 'rbac') },
  {
    ...RBAC, kind: 'ServiceRoleBinding', plural: 'servicerolebindings', scope: 'Namespaced', labels: mixer('istio.io.mixer', 'rbac'),
    printerColumns: [column('Reference', '.spec.roleRef.name', 'The name of the ServiceRole object being referenced'), AGE],
  },
  { ...POLICY, kind: 'adapter', plural: 'adapters', scope: 'Namespaced', labels: mixer('adapter', 'mixer-adapter') },
  { ...POLICY, kind: 'instance', plural: 'instances', scope: 'Namespaced', labels: mixer('instance', 'mixer-instance') },
  { ...POLICY, kind: 'template', plural: 'templates', scope: 'Namespaced', labels: mixer('template', 'mixer-template') },
  { ...POLICY, kind: 'handler', plural: 'handlers', scope: 'Namespaced', labels: mixer('handler', 'mixer-handler') },
  // crd-11.yaml
  { ...NETWORKING, kind: 'Sidecar', plural: 'sidecars', scope: 'Namespaced', labels: pilot },
  // crd-12.yaml: new in 1.2, and the only CRD without the resource policy that keeps it on uninstall.
  { ...RBAC, kind: 'AuthorizationPolicy', plural: 'authorizationpolicies', scope: 'Namespaced', labels: { app: 'istio-pilot', istio: 'rbac' }, keep: false },
  // crd-certmanager-10.yaml, crd-certmanager-11.yaml
  { ...CERT_MANAGER, kind: 'ClusterIssuer', plural: 'clusterissuers', scope: 'Cluster' },
  { ...CERT_MANAGER, kind: 'Issuer', plural: 'issuers', scope: 'Namespaced' },
  {
    ...CERT_MANAGER, kind: 'Certificate', plural: 'certificates', shortNames: ['cert', 'certs'], scope: 'Namespaced',
    printerColumns: [
      column('Ready', '.status.conditions[?(@.type=="Ready")].status'),
      column('Secret', '.spec.secretName'),
      column('Issuer', '.spec.issuerRef.name', undefined, 1),
      column('Status', '.status.conditions[?(@.type=="Ready")].message', undefined, 1),
      AGE,
    ],
  },
  {
    ...CERT_MANAGER, kind: 'Order', plural: 'orders', scope: 'Namespaced',
    printerColumns: [column('State', '.status.state'), column('Issuer', '.spec.issuerRef.name', undefined, 1), column('Reason', '.status.reason', undefined, 1), AGE],
  },
  {
    ...CERT_MANAGER, kind: 'Challenge', plural: 'challenges', scope: 'Namespaced',
    printerColumns: [column('State', '.status.state'), column('Domain', '.spec.dnsName'), column('Reason', '.status.reason'), AGE],
  },
];

export interface IstioCrdsProps {
  readonly config: IstioConfig;
}

/** The chart with the 28 CRDs: its file is applied (and established) before everything else. */
export class IstioCrds extends OrderedChart {
  constructor(scope: Construct, id: string, props: IstioCrdsProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const rows: Array<CrdRow & { copy?: boolean }> = [...ISTIO_CRDS];
    if (!sinceVersion(props.config.version, 'single-sidecar-crd')) {
      // 1.2.0's crd-10.yaml also defines the Sidecar CRD, after Gateway and without the resource policy; applying the
      // file leaves the crd-11.yaml copy in place, as kubectl applies documents in order.
      const sidecar = ISTIO_CRDS.find((r) => r.kind === 'Sidecar')!;
      rows.splice(rows.findIndex((r) => r.kind === 'Gateway') + 1, 0, { ...sidecar, keep: false, copy: true });
    }
    for (const row of rows) {
      const singular = row.singular === undefined ? row.kind.toLowerCase() : row.singular;
      new CustomResourceDefinitionV1Beta1(this, `${row.plural}.${row.group}${row.copy ? '-crd-10' : ''}`, {
        metadata: {
          name: `${row.plural}.${row.group}`,
          labels: { ...row.labels, heritage: 'Tiller', release: props.config.release },
          ...(row.keep === false ? {} : { annotations: { 'helm.sh/resource-policy': 'keep' } }),
        },
        spec: {
          group: row.group,
          names: {
            kind: row.kind,
            ...(row.listKind ? { listKind: `${row.kind}List` } : {}),
            plural: row.plural,
            ...(singular ? { singular } : {}),
            ...(row.shortNames ? { shortNames: row.shortNames } : {}),
            ...(row.categories ? { categories: row.categories } : {}),
          },
          scope: row.scope,
          version: row.version,
          ...(row.printerColumns ? { additionalPrinterColumns: row.printerColumns } : {}),
        },
      });
    }
  }
}
