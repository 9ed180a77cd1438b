/**
 * IST0105 for pods whose proxy image differs from the one the sidecar injector's configuration would inject: Pods of
 * injection-enabled namespaces, and workload templates injected at synth time (`sidecar.istio.io/status`), unless
 * the pod asks for its own image (`sidecar.istio.io/proxyImage`).
 */
import { Analyzer, Diagnostic, report } from '../analyzer';
import { msg } from '../messages';
import { isObject, obj, ResourceIndex, str } from '../resources';
import { INJECTION_LABEL, PROXY_CONTAINER } from '../util';

/** The injector's ConfigMap. */
export const INJECTOR_CONFIG_MAP = 'istio-sidecar-injector';
const PROXY_IMAGE_ANNOTATION = 'sidecar.istio.io/proxyImage';
const STATUS_ANNOTATION = 'sidecar.istio.io/status';

/**
 * The proxy image the injector's values name: `global.proxy.image` when it holds a `/` (a full image), else
 * `<global.hub>/<global.proxy.image>:<global.tag>`, as the injection template builds it.
 */
export function injectorProxyImage(index: ResourceIndex): string | undefined {
  const cm = index.list('ConfigMap').find((c) => c.name === INJECTOR_CONFIG_MAP);
  if (!cm) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(str(obj(cm.manifest.data).values));
  } catch {
    return undefined;
  }
  if (!isObject(values)) return undefined;
  const global = obj(values.global);
  const image = str(obj(global.proxy).image);
  return image.includes('/') ? image : `${str(global.hub)}/${image}:${str(global.tag)}`;
}

export const injectionImage: Analyzer = {
  name: 'injection.ImageAnalyzer',
  description: 'Checks the image of auto-injection configured with the running proxies on pods',
  inputs: ['Namespace', 'Pod', 'ConfigMap'],
  analyze: (index) => {
    const injectorImage = injectorProxyImage(index);
    if (injectorImage === undefined) return [];
    const enabled = new Set(index.list('Namespace').filter((ns) => ns.labels[INJECTION_LABEL] === 'enabled').map((ns) => ns.name));
    const out: Diagnostic[] = [];
    for (const pod of index.pods()) {
      const checked = pod.template ? pod.annotations[STATUS_ANNOTATION] !== undefined : enabled.has(pod.namespace);
      if (!checked || (pod.annotations[PROXY_IMAGE_ANNOTATION] ?? '') !== '') continue;
      for (const c of pod.containers) {
        if (c.name === PROXY_CONTAINER && c.image !== injectorImage) out.push(report(pod.resource, msg.istioProxyImageMismatch(c.image, injectorImage)));
      }
    }
    return out;
  },
};
