/**
 * Pieces the four addon charts (prometheus, grafana, kiali, tracing) write the same way: annotations printed with
 * `| quote`, the `{{ if .Values.contextPath }} ... {{ else }} ... {{ end }}` paths, and the `helm test` Pod each
 * chart renders when `global.enableHelmTest` is on.
 */
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { sinceVersion } from '../chart/versions';
import { goText, reread, truthy } from '../helm-text';
import { nsMeta } from '../meta';
import { IstioConfig } from '../options';
import { istioAffinity, istioTolerations } from '../scheduling';
import { SchedulingValues } from '../values';

/** `{{ range $key, $val := m }} {{ $key }}: {{ $val | quote }}`: every value as text. */
export function quotedMap(m: Record<string, unknown> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, goText(v)]));
}

/** Quoted annotations, or undefined when there are none (the chart then writes an empty, null, `annotations:`). */
export function quotedAnnotations(m: Record<string, unknown> | null | undefined): Record<string, string> | undefined {
  const q = quotedMap(m);
  return Object.keys(q).length ? q : undefined;
}

/**
 * `{{ if .Values.contextPath }} {{ .Values.contextPath }} {{ else }} <fallback> {{ end }}`, written unquoted: YAML
 * reads the trimmed text.
 */
export function contextPathOr(contextPath: unknown, fallback: string): string {
  return String(reread(truthy(contextPath) ? goText(contextPath) : fallback));
}

/** `priorityClassName` of a pod, when `global.priorityClassName` is set. */
export function priorityClass(config: IstioConfig): { priorityClassName?: string } {
  const p = config.values.global.priorityClassName;
  return truthy(p) ? { priorityClassName: goText(p) } : {};
}

/**
 * The scheduling values of a template that had no `tolerations` block before 1.2.1 (Kiali's and tracing's
 * Deployments, the Helm test Pods, Grafana's post-install Job): before then, none of its tolerations apply.
 */
export function tolerationsSince121(config: IstioConfig, values: Partial<SchedulingValues>): Partial<SchedulingValues> {
  return sinceVersion(config.version, 'default-tolerations') ? values : { ...values, tolerations: [] };
}

export interface HelmTestPodProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly containerName: string;
  readonly command: string[];
  readonly args?: string[];
  /** The chart's scheduling values (affinity and tolerations). */
  readonly scheduling: Partial<SchedulingValues>;
}

/** The chart's `tests/test-<chart>-connection.yaml`: a `helm test` Pod that curls the addon with the proxy image. */
export function helmTestPod(scope: Construct, config: IstioConfig, props: HelmTestPodProps): k8s.KubePod {
  const g = config.values.global;
  return new k8s.KubePod(scope, 'helm-test', {
    metadata: nsMeta(config, props.name, props.labels, { 'sidecar.istio.io/inject': 'false', 'helm.sh/hook': 'test-success' }),
    spec: {
      ...priorityClass(config),
      containers: [{
        name: props.containerName,
        image: `${goText(g.hub)}/${goText(g.proxy.image)}:${goText(g.tag)}`,
        imagePullPolicy: goText(g.imagePullPolicy),
        command: props.command,
        ...(props.args ? { args: props.args } : {}),
      }],
      restartPolicy: 'Never',
      affinity: istioAffinity(config, props.scheduling),
      tolerations: istioTolerations(config, tolerationsSince121(config, props.scheduling)),
    },
  });
}
