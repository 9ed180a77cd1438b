/**
 * The message catalogue of `istioctl analyze` (Istio's `galley/pkg/config/analysis/msg`): each message's code, level
 * and text, so that findings read exactly as Istio's do, and the typed constructors the analyzers report with.
 */

/** How bad a finding is, worst first. */
export type Level = 'Error' | 'Warning' | 'Info';

/** The levels, worst first (the order findings are sorted in). */
export const LEVELS: readonly Level[] = ['Error', 'Warning', 'Info'];

/** A message argument's type, as the catalogue names it (Go types). */
export type ArgType = 'string' | 'int' | 'bool' | '[]string' | '[]int' | 'error';

/** One kind of message. */
export interface MessageType {
  readonly code: string;
  readonly level: Level;
  readonly description: string;
  /** A Go format string: `%s`, `%q`, `%d`, `%t`, `%v`. */
  readonly template: string;
  /** The template's arguments, in order. */
  readonly args: readonly { readonly name: string; readonly type: ArgType }[];
}

/** Istio 1.5's catalogue (codes IST0001 to IST0121), ordered by code. */
export const MESSAGES = {
  InternalError: {
    code: 'IST0001',
    level: 'Error',
    description: 'There was an internal error in the toolchain. This is almost always a bug in the implementation.',
    template: 'Internal error: %v',
    args: [{ name: 'detail', type: 'string' }],
  },
  Deprecated: {
    code: 'IST0002',
    level: 'Warning',
    description: 'A feature that the configuration is depending on is now deprecated.',
    template: 'Deprecated: %s',
    args: [{ name: 'detail', type: 'string' }],
  },
  ReferencedResourceNotFound: {
    code: 'IST0101',
    level: 'Error',
    description: 'A resource being referenced does not exist.',
    template: 'Referenced %s not found: %q',
    args: [{ name: 'reftype', type: 'string' }, { name: 'refval', type: 'string' }],
  },
  NamespaceNotInjected: {
    code: 'IST0102',
    level: 'Warning',
    description: 'A namespace is not enabled for Istio injection.',
    template: 'The namespace is not enabled for Istio injection. Run \'kubectl label namespace %s istio-injection=enabled\' to enable it, '
      + 'or \'kubectl label namespace %s istio-injection=disabled\' to explicitly mark it as not needing injection',
    args: [{ name: 'namespace', type: 'string' }, { name: 'namespace2', type: 'string' }],
  },
  PodMissingProxy: {
    code: 'IST0103',
    level: 'Warning',
    description: 'A pod is missing the Istio proxy.',
    template: 'The pod is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
    args: [],
  },
  GatewayPortNotOnWorkload: {
    code: 'IST0104',
    level: 'Warning',
    description: 'Unhandled gateway port',
    template: 'The gateway refers to a port that is not exposed on the workload (pod selector %s; port %d)',
    args: [{ name: 'selector', type: 'string' }, { name: 'port', type: 'int' }],
  },
  IstioProxyImageMismatch: {
    code: 'IST0105',
    level: 'Warning',
    description: 'The image of the Istio proxy running on the pod does not match the image defined in the injection configuration.',
    template: 'The image of the Istio proxy running on the pod does not match the image defined in the injection configuration '
      + '(pod image: %s; injection configuration image: %s). This often happens after upgrading the Istio control-plane and can be '
      + 'fixed by redeploying the pod.',
    args: [{ name: 'proxyImage', type: 'string' }, { name: 'injectionImage', type: 'string' }],
  },
  SchemaValidationError: {
    code: 'IST0106',
    level: 'Error',
    description: 'The resource has a schema validation error.',
    template: 'Schema validation error: %v',
    args: [{ name: 'err', type: 'error' }],
  },
  MisplacedAnnotation: {
    code: 'IST0107',
    level: 'Warning',
    description: 'An Istio annotation is applied to the wrong kind of resource.',
    template: 'Misplaced annotation: %s can only be applied to %s',
    args: [{ name: 'annotation', type: 'string' }, { name: 'kind', type: 'string' }],
  },
  UnknownAnnotation: {
    code: 'IST0108',
    level: 'Warning',
    description: 'An Istio annotation is not recognized for any kind of resource',
    template: 'Unknown annotation: %s',
    args: [{ name: 'annotation', type: 'string' }],
  },
  ConflictingMeshGatewayVirtualServiceHosts: {
    code: 'IST0109',
    level: 'Error',
    description: 'Conflicting hosts on VirtualServices associated with mesh gateway',
    template: 'The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. '
      + 'This can be fixed by merging the conflicting VirtualServices into a single resource.',
    args: [{ name: 'virtualServices', type: 'string' }, { name: 'host', type: 'string' }],
  },
  ConflictingSidecarWorkloadSelectors: {
    code: 'IST0110',
    level: 'Error',
    description: 'A Sidecar resource selects the same workloads as another Sidecar resource',
    template: 'The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.',
    args: [{ name: 'conflictingSidecars', type: '[]string' }, { name: 'namespace', type: 'string' }, { name: 'workloadPod', type: 'string' }],
  },
  MultipleSidecarsWithoutWorkloadSelectors: {
    code: 'IST0111',
    level: 'Error',
    description: 'More than one sidecar resource in a namespace has no workload selector',
    template: 'The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior.',
    args: [{ name: 'conflictingSidecars', type: '[]string' }, { name: 'namespace', type: 'string' }],
  },
  VirtualServiceDestinationPortSelectorRequired: {
    code: 'IST0112',
    level: 'Error',
    description: 'A VirtualService routes to a service with more than one port exposed, but does not specify which to use.',
    template: 'This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate.',
    args: [{ name: 'destHost', type: 'string' }, { name: 'destPorts', type: '[]int' }],
  },
  MTLSPolicyConflict: {
    code: 'IST0113',
    level: 'Error',
    description: 'A DestinationRule and Policy are in conflict with regards to mTLS.',
    template: 'A DestinationRule and Policy are in conflict with regards to mTLS for host %s. The DestinationRule %q specifies that mTLS '
      + 'must be %t but the Policy object %q specifies %s.',
    args: [
      { name: 'host', type: 'string' },
      { name: 'destinationRuleName', type: 'string' },
      { name: 'destinationRuleMTLSMode', type: 'bool' },
      { name: 'policyName', type: 'string' },
      { name: 'policyMTLSMode', type: 'string' },
    ],
  },
  PolicySpecifiesPortNameThatDoesntExist: {
    code: 'IST0114',
    level: 'Warning',
    description: 'A Policy targets a port name that cannot be found.',
    template: 'Port name %s could not be found for host %s, which means the Policy won\'t be enforced.',
    args: [{ name: 'portName', type: 'string' }, { name: 'host', type: 'string' }],
  },
  DestinationRuleUsesMTLSForWorkloadWithoutSidecar: {
    code: 'IST0115',
    level: 'Error',
    description: 'A DestinationRule uses mTLS for a workload that has no sidecar.',
    template: 'DestinationRule %s uses mTLS for workload %s that has no sidecar. Traffic from workloads with sidecars will fail.',
    args: [{ name: 'destinationRuleName', type: 'string' }, { name: 'host', type: 'string' }],
  },
  DeploymentAssociatedToMultipleServices: {
    code: 'IST0116',
    level: 'Warning',
    description: 'The resulting pods of a service mesh deployment can\'t be associated with multiple services using the same port but different protocols.',
    template: 'This deployment is associated with multiple services using port %d but different protocols: %v',
    // Istio also passes the deployment's name first, which shifts its output ("port %!d(string=...)"); the
    // deployment is the finding's origin, so only the two arguments the text shows are kept.
    args: [{ name: 'port', type: 'int' }, { name: 'services', type: '[]string' }],
  },
  DeploymentRequiresServiceAssociated: {
    code: 'IST0117',
    level: 'Warning',
    description: 'The resulting pods of a service mesh deployment must be associated with at least one service.',
    template: 'No service associated with this deployment. Service mesh deployments must be associated with a service.',
    args: [],
  },
  PortNameIsNotUnderNamingConvention: {
    code: 'IST0118',
    level: 'Info',
    description: 'Port name is not under naming convention. Protocol detection is applied to the port.',
    template: 'Port name %s (port: %d, targetPort: %s) doesn\'t follow the naming convention of Istio port.',
    args: [{ name: 'portName', type: 'string' }, { name: 'port', type: 'int' }, { name: 'targetPort', type: 'string' }],
  },
  JwtFailureDueToInvalidServicePortPrefix: {
    code: 'IST0119',
    level: 'Warning',
    description: 'Authentication policy with JWT targets Service with invalid port specification.',
    template: 'Authentication policy with JWT targets Service with invalid port specification (port: %d, name: %s, protocol: %s, targetPort: %s).',
    args: [{ name: 'port', type: 'int' }, { name: 'portName', type: 'string' }, { name: 'protocol', type: 'string' }, { name: 'targetPort', type: 'string' }],
  },
  PolicyResourceIsDeprecated: {
    code: 'IST0120',
    level: 'Info',
    description: 'The Policy resource is deprecated and will be removed in a future Istio release. Migrate to the PeerAuthentication resource.',
    template: 'The Policy resource is deprecated and will be removed in a future Istio release. Migrate to the PeerAuthentication resource.',
    args: [],
  },
  MeshPolicyResourceIsDeprecated: {
    code: 'IST0121',
    level: 'Info',
    description: 'The MeshPolicy resource is deprecated and will be removed in a future Istio release. Migrate to the PeerAuthentication resource.',
    template: 'The MeshPolicy resource is deprecated and will be removed in a future Istio release. Migrate to the PeerAuthentication resource.',
    args: [],
  },
} as const satisfies Record<string, MessageType>;

/** A message's name, e.g. `ReferencedResourceNotFound`. */
export type MessageName = keyof typeof MESSAGES;

/** An argument value. */
export type ArgValue = string | number | boolean | readonly string[] | readonly number[];

/** One message, with its arguments: what an analyzer reports about a resource. */
export interface Message {
  readonly name: MessageName;
  readonly type: MessageType;
  readonly args: readonly ArgValue[];
}

/** The message type of a code (`IST0101`), if the catalogue has it. */
export function messageTypeOfCode(code: string): (MessageType & { readonly name: MessageName }) | undefined {
  for (const [name, type] of Object.entries(MESSAGES) as [MessageName, MessageType][]) {
    if (type.code === code) return { ...type, name };
  }
  return undefined;
}

/** Go's `%q` for the strings analyzers pass (printable text): a double-quoted string with Go's escapes. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Go's `%v`: lists as `[a b]`, everything else as its plain text. */
function goValue(v: ArgValue): string {
  if (Array.isArray(v)) return `[${v.map((x) => String(x)).join(' ')}]`;
  return String(v);
}

/** Go's `fmt.Sprintf` for the verbs the catalogue uses (`%s %q %d %t %v %%`). */
export function formatGo(template: string, args: readonly ArgValue[]): string {
  let i = 0;
  return template.replace(/%([%sqdtv])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const v = args[i++];
    switch (verb) {
      case 'q': return typeof v === 'string' ? goQuote(v) : goValue(v);
      case 'd': return typeof v === 'number' ? String(Math.trunc(v)) : goValue(v);
      default: return goValue(v);
    }
  });
}

/** The text of a message, as Istio prints it. */
export function messageText(m: Message): string {
  return formatGo(m.type.template, m.args);
}

function make(name: MessageName, args: readonly ArgValue[]): Message {
  return { name, type: MESSAGES[name], args };
}

/** Typed constructors, one per message the analyzers report (the arguments the template shows, in order). */
export const msg = {
  internalError: (detail: string) => make('InternalError', [detail]),
  referencedResourceNotFound: (reftype: string, refval: string) => make('ReferencedResourceNotFound', [reftype, refval]),
  namespaceNotInjected: (namespace: string) => make('NamespaceNotInjected', [namespace, namespace]),
  podMissingProxy: () => make('PodMissingProxy', []),
  gatewayPortNotOnWorkload: (selector: string, port: number) => make('GatewayPortNotOnWorkload', [selector, port]),
  istioProxyImageMismatch: (proxyImage: string, injectionImage: string) => make('IstioProxyImageMismatch', [proxyImage, injectionImage]),
  schemaValidationError: (err: string) => make('SchemaValidationError', [err]),
  conflictingMeshGatewayVirtualServiceHosts: (virtualServices: string, host: string) =>
    make('ConflictingMeshGatewayVirtualServiceHosts', [virtualServices, host]),
  conflictingSidecarWorkloadSelectors: (sidecars: readonly string[], namespace: string, workloadPod: string) =>
    make('ConflictingSidecarWorkloadSelectors', [sidecars, namespace, workloadPod]),
  multipleSidecarsWithoutWorkloadSelectors: (sidecars: readonly string[], namespace: string) =>
    make('MultipleSidecarsWithoutWorkloadSelectors', [sidecars, namespace]),
  virtualServiceDestinationPortSelectorRequired: (destHost: string, destPorts: readonly number[]) =>
    make('VirtualServiceDestinationPortSelectorRequired', [destHost, destPorts]),
  mtlsPolicyConflict: (host: string, destinationRuleName: string, destinationRuleMTLS: boolean, policyName: string, policyMode: string) =>
    make('MTLSPolicyConflict', [host, destinationRuleName, destinationRuleMTLS, policyName, policyMode]),
  policySpecifiesPortNameThatDoesntExist: (portName: string, host: string) => make('PolicySpecifiesPortNameThatDoesntExist', [portName, host]),
  destinationRuleUsesMTLSForWorkloadWithoutSidecar: (destinationRuleName: string, host: string) =>
    make('DestinationRuleUsesMTLSForWorkloadWithoutSidecar', [destinationRuleName, host]),
  deploymentAssociatedToMultipleServices: (port: number, services: readonly string[]) =>
    make('DeploymentAssociatedToMultipleServices', [port, services]),
  deploymentRequiresServiceAssociated: () => make('DeploymentRequiresServiceAssociated', []),
  portNameIsNotUnderNamingConvention: (portName: string, port: number, targetPort: string) =>
    make('PortNameIsNotUnderNamingConvention', [portName, port, targetPort]),
  jwtFailureDueToInvalidServicePortPrefix: (port: number, portName: string, protocol: string, targetPort: string) =>
    make('JwtFailureDueToInvalidServicePortPrefix', [port, portName, protocol, targetPort]),
};
