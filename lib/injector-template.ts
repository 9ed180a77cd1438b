/**
 * The sidecar injection template of Istio 1.2.2: the Go text/template the injector (webhook or `kube-inject`) renders
 * for every pod, with the pod's metadata and spec, the mesh's ProxyConfig and the chart values as its data.
 *
 * It is written here from structured pieces: the annotations a pod can set, the injected containers' arguments,
 * environment, probes and volumes, and a small writer for Go template actions and blocks. Its text is the
 * injector's program, compared token for token with the release's.
 */

/** The pod annotations the injector honours (`sidecar.istio.io/...`, `traffic.sidecar.istio.io/...`). */
export const INJECTION_ANNOTATIONS = {
  inject: 'sidecar.istio.io/inject',
  status: 'sidecar.istio.io/status',
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  proxyImage: 'sidecar.istio.io/proxyImage',
  discoveryAddress: 'sidecar.istio.io/discoveryAddress',
  controlPlaneAuthPolicy: 'sidecar.istio.io/controlPlaneAuthPolicy',
  bootstrapOverride: 'sidecar.istio.io/bootstrapOverride',
  proxyCPU: 'sidecar.istio.io/proxyCPU',
  proxyMemory: 'sidecar.istio.io/proxyMemory',
  userVolumeMount: 'sidecar.istio.io/userVolumeMount',
  userVolume: 'sidecar.istio.io/userVolume',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  kubevirtInterfaces: 'traffic.sidecar.istio.io/kubevirtInterfaces',
  statusPort: 'status.sidecar.istio.io/port',
  readinessInitialDelaySeconds: 'readiness.status.sidecar.istio.io/initialDelaySeconds',
  readinessPeriodSeconds: 'readiness.status.sidecar.istio.io/periodSeconds',
  readinessFailureThreshold: 'readiness.status.sidecar.istio.io/failureThreshold',
  readinessApplicationPorts: 'readiness.status.sidecar.istio.io/applicationPorts',
} as const;
const A = INJECTION_ANNOTATIONS;

/** The Envoy port the traffic is redirected to, and the proxy's uid. */
export const PROXY_PORT = 15001;
export const PROXY_UID = 1337;
export const PROMETHEUS_PORT = 15090;

// ------------------------------------------------------------------ Go template expressions

/** `.Values.<path>` */
const V = (path: string) => `.Values.${path}`;
/** `.ProxyConfig.<field>` */
const PC = (field: string) => `.ProxyConfig.${field}`;
/** The injector's `annotation` function: the pod's annotation, or a default. */
const annotation = (key: string, dflt: string, quote = '`') => `annotation .ObjectMeta ${quote}${key}${quote} ${dflt}`;
const isset = (key: string) => `isset .ObjectMeta.Annotations \`${key}\``;
const indexAnnotation = (key: string) => `index .ObjectMeta.Annotations \`${key}\``;

/** Trim markers of an action (`{{-`, `-}}`), and whether the closing braces follow the expression directly. */
interface Trim { readonly left?: boolean; readonly right?: boolean; readonly tight?: boolean; readonly wide?: boolean }
/** An action, `{{ expr }}`. */
const act = (expr: string, t: Trim = {}) => `{{${t.left ? '-' : ''}${t.wide ? '  ' : ' '}${expr}${t.tight ? '' : ' '}${t.right ? '-' : ''}}}`;

/** A part of the template: lines, possibly nested. */
type Part = string | Part[];

interface BlockStyle {
  /** Indentation of the `if`, `else` and `end` actions. @default none */
  readonly indent?: string;
  /** Trim markers of `if`, `else` and `end`. @default left on all */
  readonly open?: Trim;
  readonly else?: Trim;
  readonly end?: Trim;
}
const LEFT: Trim = { left: true };

/** `{{- if cond }} ... {{- else }} ... {{- end }}` */
function ifBlock(cond: string, then: Part[], otherwise?: Part[], style: BlockStyle = {}): Part[] {
  const pad = style.indent ?? '';
  return [
    pad + act(`if ${cond}`, style.open ?? LEFT),
    then,
    ...(otherwise ? [pad + act('else', style.else ?? LEFT), otherwise] : []),
    pad + act('end', style.end ?? LEFT),
  ];
}

/** The same block, its actions indented by `indent`. */
const ifIndented = (indent: string, cond: string, then: Part[], otherwise?: Part[]) => ifBlock(cond, then, otherwise, { indent });

/** `{{- if a }} ... {{- else if b }} ... {{- end }}` over several branches. */
function ifChain(branches: Array<[string, Part[]]>): Part[] {
  return [
    ...branches.flatMap(([cond, body], i) => [act(`${i === 0 ? 'if' : 'else if'} ${cond}`, LEFT), body]),
    act('end', LEFT),
  ];
}

/** An image that is either a full reference (it `contains "/"`) or a name under the hub and tag. */
function image(valuesPath: string): Part[] {
  const ref = V(valuesPath);
  return ifBlock(`contains "/" ${ref}`, [`  image: "${act(ref)}"`], [`  image: "${act(V('global.hub'))}/${act(ref)}:${act(V('global.tag'))}"`]);
}

/** A list item `- "<arg>"` (the template quotes most arguments). */
const arg = (value: string) => `  - "${value}"`;
const argAction = (expr: string) => arg(act(expr));

// ------------------------------------------------------------------ istio-init

/** The iptables arguments of `istio-init`: flag and value, each from an annotation or the values. */
const INIT_ARGS: Array<[string, string]> = [
  ['-m', annotation(A.interceptionMode, PC('InterceptionMode'))],
  ['-i', annotation(A.includeOutboundIPRanges, V('global.proxy.includeIPRanges'))],
  ['-x', annotation(A.excludeOutboundIPRanges, V('global.proxy.excludeIPRanges'))],
  ['-b', annotation(A.includeInboundPorts, '(includeInboundPorts .Spec.Containers)')],
  ['-d', `excludeInboundPort (${annotation(A.statusPort, V('global.proxy.statusPort'))}) (${annotation(A.excludeInboundPorts, V('global.proxy.excludeInboundPorts'))})`],
];

function istioInit(): Part[] {
  return [
    '- name: istio-init',
    image('global.proxy_init.image'),
    '  args:',
    [arg('-p'), arg(String(PROXY_PORT)), arg('-u'), `  - ${PROXY_UID}`],
    INIT_ARGS.map(([flag, expr]) => [arg(flag), argAction(expr)]),
    `  ${act(`if or (${isset(A.excludeOutboundPorts)}) (ne ${V('global.proxy.excludeOutboundPorts')} "")`, { right: true })}`,
    [arg('-o'), argAction(annotation(A.excludeOutboundPorts, V('global.proxy.excludeOutboundPorts')))],
    `  ${act('end', { right: true })}`,
    `  ${act(`if (${isset(A.kubevirtInterfaces)})`, { right: true })}`,
    [arg('-k'), argAction(indexAnnotation(A.kubevirtInterfaces))],
    `  ${act('end', { right: true })}`,
    `  imagePullPolicy: "${act(V('global.imagePullPolicy'))}"`,
    '  resources:',
    '    requests:',
    '      cpu: 10m',
    '      memory: 10Mi',
    '    limits:',
    '      cpu: 100m',
    '      memory: 50Mi',
    '  securityContext:',
    '    runAsUser: 0',
    '    runAsNonRoot: false',
    '    capabilities:',
    '      add:',
    '      - NET_ADMIN',
    ifIndented('    ', V('global.proxy.privileged'), ['    privileged: true']),
    '  restartPolicy: Always',
    '  env:',
    ifIndented('  ', `contains "*" (${annotation(A.includeInboundPorts, '""')})`, ['  - name: INBOUND_CAPTURE_PORT', '    value: 15006']),
  ];
}

function enableCoreDump(): Part[] {
  return [
    '- name: enable-core-dump',
    '  args:',
    '  - -c',
    '  - sysctl -w kernel.core_pattern=/var/lib/istio/core.proxy && ulimit -c unlimited',
    '  command:',
    '    - /bin/sh',
    image('global.proxy_init.image'),
    '  imagePullPolicy: IfNotPresent',
    '  resources: {}',
    '  securityContext:',
    '    runAsUser: 0',
    '    runAsNonRoot: false',
    '    privileged: true',
  ];
}

function initContainers(): Part[] {
  const interception = annotation(A.interceptionMode, PC('InterceptionMode'));
  return ifBlock(`or (not ${V('istio_cni.enabled')}) ${V('global.proxy.enableCoreDump')}`, [
    'initContainers:',
    act(`if ne (${interception}) \`NONE\``),
    ifBlock(`not ${V('istio_cni.enabled')}`, istioInit()),
    act('end', { right: true, wide: true }),
    ifBlock(`eq ${V('global.proxy.enableCoreDump')} true`, enableCoreDump(), undefined, { end: {} }),
  ]);
}

// ------------------------------------------------------------------ istio-proxy

/** The tracer arguments, by `global.proxy.tracer`. */
const TRACER_ARGS: Array<[string, Part[]]> = [
  [`eq ${V('global.proxy.tracer')} "lightstep"`, [
    '  - --lightstepAddress', argAction(PC('GetTracing.GetLightstep.GetAddress')),
    '  - --lightstepAccessToken', argAction(PC('GetTracing.GetLightstep.GetAccessToken')),
    `  - --lightstepSecure=${act(PC('GetTracing.GetLightstep.GetSecure'))}`,
    '  - --lightstepCacertPath', argAction(PC('GetTracing.GetLightstep.GetCacertPath')),
  ]],
  [`eq ${V('global.proxy.tracer')} "zipkin"`, ['  - --zipkinAddress', argAction(PC('GetTracing.GetZipkin.GetAddress'))]],
  [`eq ${V('global.proxy.tracer')} "datadog"`, ['  - --datadogAgentAddress', argAction(PC('GetTracing.GetDatadog.GetAddress'))]],
];

/** An optional `--flag=value` from a values path. */
const flagIfSet = (flag: string, path: string) => [act(`if ${V(path)}`, LEFT), `  - --${flag}=${act(V(path))}`, act('end', { left: true, tight: true })];

function proxyArgs(): Part[] {
  const statusPort = annotation(A.statusPort, V('global.proxy.statusPort'));
  return [
    '  args:',
    '  - proxy',
    '  - sidecar',
    '  - --domain',
    `  - $(POD_NAMESPACE).svc.${act(V('global.proxy.clusterDomain'))}`,
    '  - --configPath', argAction(PC('ConfigPath')),
    '  - --binaryPath', argAction(PC('BinaryPath')),
    '  - --serviceCluster',
    // The service cluster is the pod's `app` label, else its deployment's name.
    `  ${act('if ne "" (index .ObjectMeta.Labels "app")', { right: true })}`,
    arg(`${act('index .ObjectMeta.Labels `app`')}.$(POD_NAMESPACE)`),
    `  ${act('else', { right: true })}`,
    arg(`${act('valueOrDefault .DeploymentMeta.Name `istio-proxy`')}.${act('valueOrDefault .DeploymentMeta.Namespace `default`')}`),
    `  ${act('end', { right: true })}`,
    '  - --drainDuration', argAction(`formatDuration ${PC('DrainDuration')}`),
    '  - --parentShutdownDuration', argAction(`formatDuration ${PC('ParentShutdownDuration')}`),
    '  - --discoveryAddress', argAction(annotation(A.discoveryAddress, PC('DiscoveryAddress'))),
    ifChain(TRACER_ARGS),
    flagIfSet('proxyLogLevel', 'global.proxy.logLevel'),
    flagIfSet('proxyComponentLogLevel', 'global.proxy.componentLogLevel'),
    '  - --dnsRefreshRate',
    `  - ${act(V('global.proxy.dnsRefreshRate'))}`,
    '  - --connectTimeout', argAction(`formatDuration ${PC('ConnectTimeout')}`),
    ifBlock(V('global.proxy.envoyStatsd.enabled'), ['  - --statsdUdpAddress', argAction(PC('StatsdUdpAddress'))]),
    ifBlock(V('global.proxy.envoyMetricsService.enabled'), ['  - --envoyMetricsServiceAddress', argAction(PC('EnvoyMetricsServiceAddress'))]),
    '  - --proxyAdminPort', argAction(PC('ProxyAdminPort')),
    `  ${act(`if gt ${PC('Concurrency')} 0`, { right: true })}`,
    '  - --concurrency', argAction(PC('Concurrency')),
    `  ${act('end', { right: true })}`,
    '  - --controlPlaneAuthPolicy', argAction(annotation(A.controlPlaneAuthPolicy, PC('ControlPlaneAuthPolicy'))),
    ifBlock(`(ne (${annotation(A.statusPort, V('global.proxy.statusPort'), '"')}) "0")`, [
      '  - --statusPort', argAction(statusPort),
      '  - --applicationPorts', argAction(annotation(A.readinessApplicationPorts, '(applicationPorts .Spec.Containers)')),
    ]),
    ifBlock(V('global.trustDomain'), [`  - --trust-domain=${act(V('global.trustDomain'))}`]),
  ];
}

/** An env var from the downward API. */
const fieldEnv = (name: string, fieldPath: string) => [`  - name: ${name}`, '    valueFrom:', '      fieldRef:', `        fieldPath: ${fieldPath}`];

function proxyEnv(): Part[] {
  const jsonEnv = (name: string, field: 'Annotations' | 'Labels') => [
    `  ${act(`if .ObjectMeta.${field}`)}`,
    `  - name: ${name}`,
    '    value: |',
    `           ${act(`toJSON .ObjectMeta.${field}`)}`,
    `  ${act('end')}`,
  ];
  return [
    '  env:',
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
    act(`if eq ${V('global.proxy.tracer')} "datadog"`),
    fieldEnv('HOST_IP', 'status.hostIP'),
    act('end'),
    fieldEnv('ISTIO_META_POD_NAME', 'metadata.name'),
    fieldEnv('ISTIO_META_CONFIG_NAMESPACE', 'metadata.namespace'),
    '  - name: ISTIO_META_INTERCEPTION_MODE',
    `    value: "${act(`or (${indexAnnotation(A.interceptionMode)}) ${PC('InterceptionMode.String')}`)}"`,
    '  - name: ISTIO_META_INCLUDE_INBOUND_PORTS',
    `    value: "${act(annotation(A.includeInboundPorts, '(applicationPorts .Spec.Containers)'))}"`,
    ifIndented('  ', V('global.network'), ['  - name: ISTIO_META_NETWORK', `    value: "${act(V('global.network'))}"`]),
    jsonEnv('ISTIO_METAJSON_ANNOTATIONS', 'Annotations'),
    jsonEnv('ISTIO_METAJSON_LABELS', 'Labels'),
    ifIndented('  ', `(${isset(A.bootstrapOverride)})`, ['  - name: ISTIO_BOOTSTRAP_OVERRIDE', '    value: "/etc/istio/custom-bootstrap/custom_bootstrap.json"']),
    ifIndented('  ', V('global.sds.customTokenDirectory'), [
      '  - name: ISTIO_META_SDS_TOKEN_PATH',
      `    value: "${act(V('global.sds.customTokenDirectory'), { right: true })}/sdstoken"`,
    ]),
  ];
}

function proxyProbeAndSecurity(): Part[] {
  const statusPort = annotation(A.statusPort, V('global.proxy.statusPort'));
  const interception = annotation(A.interceptionMode, PC('InterceptionMode'));
  return [
    `  imagePullPolicy: ${act(V('global.imagePullPolicy'))}`,
    `  ${act(`if ne (${statusPort}) \`0\``)}`,
    '  readinessProbe:',
    '    httpGet:',
    '      path: /healthz/ready',
    `      port: ${act(statusPort)}`,
    `    initialDelaySeconds: ${act(annotation(A.readinessInitialDelaySeconds, V('global.proxy.readinessInitialDelaySeconds')))}`,
    `    periodSeconds: ${act(annotation(A.readinessPeriodSeconds, V('global.proxy.readinessPeriodSeconds')))}`,
    `    failureThreshold: ${act(annotation(A.readinessFailureThreshold, V('global.proxy.readinessFailureThreshold')))}`,
    `  ${act('end', { right: true })}`,
    '  securityContext:',
    ifIndented('    ', V('global.proxy.privileged'), ['    privileged: true']),
    ifIndented('    ', `ne ${V('global.proxy.enableCoreDump')} true`, ['    readOnlyRootFilesystem: true']),
    // TPROXY interception needs NET_ADMIN in the proxy itself.
    `    ${act(`if eq (${interception}) \`TPROXY\``, { right: true })}`,
    '    capabilities:',
    '      add:',
    '      - NET_ADMIN',
    `    runAsGroup: ${PROXY_UID}`,
    `    ${act('else', { right: true })}`,
    `    ${act(`if and ${V('global.sds.enabled')} ${V('global.sds.useTrustworthyJwt')}`)}`,
    `    runAsGroup: ${PROXY_UID}`,
    `    ${act('end', LEFT)}`,
    `    runAsUser: ${PROXY_UID}`,
    `    ${act('end', LEFT)}`,
  ];
}

function proxyResources(): Part[] {
  const requested = (key: string, name: string) => [
    `      ${act(`if (${isset(key)})`, { right: true })}`,
    `      ${name}: "${act(indexAnnotation(key))}"`,
  ];
  return [
    '  resources:',
    `    ${act(`if or (${isset(A.proxyCPU)}) (${isset(A.proxyMemory)})`, { right: true })}`,
    '    requests:',
    requested(A.proxyCPU, 'cpu'),
    `      ${act('end', { tight: true })}`,
    requested(A.proxyMemory, 'memory'),
    `      ${act('end')}`,
    `  ${act('else', { right: true })}`,
    ifBlock(V('global.proxy.resources'), [`    ${act(`toYaml ${V('global.proxy.resources')} | indent 4`)}`]),
    `  ${act('end', { right: true, wide: true })}`,
  ];
}

function proxyVolumeMounts(): Part[] {
  const lightstepCerts = `and (eq ${V('global.proxy.tracer')} "lightstep") ${V('global.tracer.lightstep.cacertPath')}`;
  return [
    '  volumeMounts:',
    `  ${act(`if (${isset(A.bootstrapOverride)})`)}`,
    '  - mountPath: /etc/istio/custom-bootstrap',
    '    name: custom-bootstrap-volume',
    `  ${act('end', LEFT)}`,
    '  - mountPath: /etc/istio/proxy',
    '    name: istio-envoy',
    ifIndented('  ', V('global.sds.enabled'), [
      '  - mountPath: /var/run/sds', '    name: sds-uds-path', '    readOnly: true',
      ifIndented('  ', V('global.sds.useTrustworthyJwt'), ['  - mountPath: /var/run/secrets/tokens', '    name: istio-token']),
      ifIndented('  ', V('global.sds.customTokenDirectory'), [
        `  - mountPath: "${act(V('global.sds.customTokenDirectory'), { right: true })}"`, '    name: custom-sds-token', '    readOnly: true',
      ]),
    ], ['  - mountPath: /etc/certs/', '    name: istio-certs', '    readOnly: true']),
    ifIndented('  ', lightstepCerts, [
      `  - mountPath: ${act(`directory ${PC('GetTracing.GetLightstep.GetCacertPath')}`)}`, '    name: lightstep-certs', '    readOnly: true',
    ]),
    // Volumes the pod asks to mount into the proxy, as JSON in an annotation.
    ifIndented('    ', isset(A.userVolumeMount), [
      `    ${act(`range $index, $value := fromJSON (${indexAnnotation(A.userVolumeMount)})`)}`,
      '  - name: "{{  $index }}"',
      `    ${act('toYaml $value | indent 4')}`,
      `    ${act('end')}`,
    ]),
  ];
}

function proxyContainer(): Part[] {
  return [
    'containers:',
    '- name: istio-proxy',
    ifBlock(`contains "/" ${V('global.proxy.image')}`,
      [`  image: "${act(annotation(A.proxyImage, V('global.proxy.image')))}"`],
      [`  image: "${act(annotation(A.proxyImage, V('global.hub')))}/${act(V('global.proxy.image'))}:${act(V('global.tag'))}"`]),
    '  ports:',
    `  - containerPort: ${PROMETHEUS_PORT}`,
    '    protocol: TCP',
    '    name: http-envoy-prom',
    proxyArgs(),
    proxyEnv(),
    proxyProbeAndSecurity(),
    proxyResources(),
    proxyVolumeMounts(),
  ];
}

// ------------------------------------------------------------------ volumes

function volumes(): Part[] {
  const userVolumes = [
    `  ${act(`if ${isset(A.userVolume)}`, LEFT)}`,
    `  {{range $index, $value := fromJSON (${indexAnnotation(A.userVolume)}) }}`,
    '- name: "{{ $index }}"',
    `  ${act('toYaml $value | indent 2')}`,
    `  ${act('end')}`,
    `  ${act('end')}`,
  ];
  return [
    'volumes:',
    ifBlock(`(${isset(A.bootstrapOverride)})`, [
      '- name: custom-bootstrap-volume', '  configMap:', `    name: ${act(annotation(A.bootstrapOverride, '""'))}`,
    ]),
    '- emptyDir:',
    '    medium: Memory',
    '  name: istio-envoy',
    ifBlock(V('global.sds.enabled'), [
      '- name: sds-uds-path', '  hostPath:', '    path: /var/run/sds',
      ifBlock(V('global.sds.customTokenDirectory'), ['- name: custom-sds-token', '  secret:', '    secretName: sdstokensecret']),
      ifBlock(V('global.sds.useTrustworthyJwt'), [
        '- name: istio-token', '  projected:', '    sources:', '    - serviceAccountToken:', '        path: istio-token',
        '        expirationSeconds: 43200', `        audience: ${act(V('global.trustDomain'))}`,
      ]),
    ], [
      '- name: istio-certs',
      '  secret:',
      '    optional: true',
      // The workload certificate Secret Citadel writes for the pod's service account.
      `    ${act('if eq .Spec.ServiceAccountName ""')}`,
      '    secretName: istio.default',
      `    ${act('else', { right: true })}`,
      '    secretName: {{  printf "istio.%s" .Spec.ServiceAccountName }}',
      `    ${act('end', { right: true, wide: true })}`,
      userVolumes,
    ]),
    ifBlock(`and (eq ${V('global.proxy.tracer')} "lightstep") ${V('global.tracer.lightstep.cacertPath')}`, [
      '- name: lightstep-certs', '  secret:', '    optional: true', '    secretName: lightstep.cacert',
    ]),
    ifBlock(V('global.podDNSSearchNamespaces'), [
      'dnsConfig:',
      '  searches:',
      `    ${act(`range ${V('global.podDNSSearchNamespaces')}`, LEFT)}`,
      `    - ${act('render .')}`,
      `    ${act('end', LEFT)}`,
    ]),
  ];
}

const flatten = (p: Part): string[] => (typeof p === 'string' ? [p] : p.flatMap(flatten));

let template: string | undefined;

/** The injection template's text, as the injector's ConfigMap carries it (the same for every installation: made once). */
export function injectionTemplate(): string {
  template ??= flatten([
    `rewriteAppHTTPProbe: ${act(`valueOrDefault ${V('sidecarInjectorWebhook.rewriteAppHTTPProbe')} false`)}`,
    initContainers(),
    proxyContainer(),
    volumes(),
  ]).join('\n');
  return template;
}
