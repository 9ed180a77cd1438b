/**
 * The Kubernetes API the constructs use: cdk8s-plus-25's L1 classes and types (generated from Kubernetes' API),
 * with the classes the installation creates given the fast `toJson` of lib/plain-json.ts. Each writes exactly what the
 * L1 class writes (the class's own conversion on the same JSON) and falls back to it for anything but plain data.
 * Construct code imports `k8s` from here, not from cdk8s-plus-25, so every object it makes takes the fast path
 * (test/plain-json.test.ts checks that none is left out).
 */
import { ApiObject } from 'cdk8s';
import * as base from 'cdk8s-plus-25/lib/imports/k8s';
import { plainApiObjectJson } from './plain-json';

export type * from 'cdk8s-plus-25/lib/imports/k8s';
export { IntOrString, Quantity } from 'cdk8s-plus-25/lib/imports/k8s';

/** The L1 class's `toJson` (its GVK and its conversion of the resolved props) on the fast path's JSON. */
function l1Json(obj: ApiObject, gvk: { apiVersion: string; kind: string }, convert: (props: any) => any): any {
  const json = plainApiObjectJson(obj);
  return json === undefined ? undefined : { ...gvk, ...convert(json) };
}

/** `KubeClusterRole` with the fast `toJson`. */
export class KubeClusterRole extends base.KubeClusterRole {
  public toJson(): any {
    return l1Json(this, base.KubeClusterRole.GVK, base.toJson_KubeClusterRoleProps) ?? super.toJson();
  }
}

/** `KubeClusterRoleBinding` with the fast `toJson`. */
export class KubeClusterRoleBinding extends base.KubeClusterRoleBinding {
  public toJson(): any {
    return l1Json(this, base.KubeClusterRoleBinding.GVK, base.toJson_KubeClusterRoleBindingProps) ?? super.toJson();
  }
}

/** `KubeConfigMap` with the fast `toJson`. */
export class KubeConfigMap extends base.KubeConfigMap {
  public toJson(): any {
    return l1Json(this, base.KubeConfigMap.GVK, base.toJson_KubeConfigMapProps) ?? super.toJson();
  }
}

/** `KubeDaemonSet` with the fast `toJson`. */
export class KubeDaemonSet extends base.KubeDaemonSet {
  public toJson(): any {
    return l1Json(this, base.KubeDaemonSet.GVK, base.toJson_KubeDaemonSetProps) ?? super.toJson();
  }
}

/** `KubeDeployment` with the fast `toJson`. */
export class KubeDeployment extends base.KubeDeployment {
  public toJson(): any {
    return l1Json(this, base.KubeDeployment.GVK, base.toJson_KubeDeploymentProps) ?? super.toJson();
  }
}

/** `KubeEndpoints` with the fast `toJson`. */
export class KubeEndpoints extends base.KubeEndpoints {
  public toJson(): any {
    return l1Json(this, base.KubeEndpoints.GVK, base.toJson_KubeEndpointsProps) ?? super.toJson();
  }
}

/** `KubeJob` with the fast `toJson`. */
export class KubeJob extends base.KubeJob {
  public toJson(): any {
    return l1Json(this, base.KubeJob.GVK, base.toJson_KubeJobProps) ?? super.toJson();
  }
}

/** `KubeNamespace` with the fast `toJson`. */
export class KubeNamespace extends base.KubeNamespace {
  public toJson(): any {
    return l1Json(this, base.KubeNamespace.GVK, base.toJson_KubeNamespaceProps) ?? super.toJson();
  }
}

/** `KubePersistentVolumeClaim` with the fast `toJson`. */
export class KubePersistentVolumeClaim extends base.KubePersistentVolumeClaim {
  public toJson(): any {
    return l1Json(this, base.KubePersistentVolumeClaim.GVK, base.toJson_KubePersistentVolumeClaimProps) ?? super.toJson();
  }
}

/** `KubePod` with the fast `toJson`. */
export class KubePod extends base.KubePod {
  public toJson(): any {
    return l1Json(this, base.KubePod.GVK, base.toJson_KubePodProps) ?? super.toJson();
  }
}

/** `KubeRole` with the fast `toJson`. */
export class KubeRole extends base.KubeRole {
  public toJson(): any {
    return l1Json(this, base.KubeRole.GVK, base.toJson_KubeRoleProps) ?? super.toJson();
  }
}

/** `KubeRoleBinding` with the fast `toJson`. */
export class KubeRoleBinding extends base.KubeRoleBinding {
  public toJson(): any {
    return l1Json(this, base.KubeRoleBinding.GVK, base.toJson_KubeRoleBindingProps) ?? super.toJson();
  }
}

/** `KubeSecret` with the fast `toJson`. */
export class KubeSecret extends base.KubeSecret {
  public toJson(): any {
    return l1Json(this, base.KubeSecret.GVK, base.toJson_KubeSecretProps) ?? super.toJson();
  }
}

/** `KubeService` with the fast `toJson`. */
export class KubeService extends base.KubeService {
  public toJson(): any {
    return l1Json(this, base.KubeService.GVK, base.toJson_KubeServiceProps) ?? super.toJson();
  }
}

/** `KubeServiceAccount` with the fast `toJson`. */
export class KubeServiceAccount extends base.KubeServiceAccount {
  public toJson(): any {
    return l1Json(this, base.KubeServiceAccount.GVK, base.toJson_KubeServiceAccountProps) ?? super.toJson();
  }
}
