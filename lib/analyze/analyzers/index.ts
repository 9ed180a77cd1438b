/** Every analyzer, by Istio's name (sorted as Istio lists them). */
import { Analyzer } from '../analyzer';
import { conflictingMeshGatewayHosts } from './conflicting-mesh-gateway-hosts';
import { deploymentServices } from './deployment-services';
import { destinationHosts } from './destination-hosts';
import { destinationRuleSubsets } from './destination-rule-subsets';
import { gatewayPorts } from './gateway-ports';
import { gatewaySecrets } from './gateway-secrets';
import { injection } from './injection';
import { injectionImage } from './injection-image';
import { jwt } from './jwt';
import { mtls } from './mtls';
import { portNames } from './port-names';
import { serviceRoleBindings } from './service-role-bindings';
import { serviceRoleServices } from './service-role-services';
import { sidecarDefaultSelector } from './sidecar-default-selector';
import { sidecarSelector } from './sidecar-selector';
import { virtualServiceGateways } from './virtual-service-gateways';

export const ANALYZERS: readonly Analyzer[] = [
  jwt,
  mtls,
  serviceRoleBindings,
  serviceRoleServices,
  deploymentServices,
  gatewayPorts,
  gatewaySecrets,
  injection,
  injectionImage,
  portNames,
  sidecarDefaultSelector,
  sidecarSelector,
  conflictingMeshGatewayHosts,
  destinationHosts,
  destinationRuleSubsets,
  virtualServiceGateways,
];

/** Other names Istio's code gives some analyzers (its `Metadata().Name`). */
export const ANALYZER_ALIASES: Readonly<Record<string, string>> = {
  'injection.JwtAnalyzer': 'auth.JwtAnalyzer',
  'deployment.MultiServiceAnalyzer': 'deployment.ServiceAssociationAnalyzer',
};
