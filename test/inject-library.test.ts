import { Chart, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-25/lib/imports/k8s';
import { injectSidecars } from '../lib/inject';

describe('injectSidecars(chart) in a cdk8s app', () => {
  function appChart() {
    const chart = new Chart(Testing.app(), 'app');
    const labels = { app: 'web' };
    new k8s.KubeDeployment(chart, 'web', {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }] }] } },
      },
    });
    new k8s.KubeDeployment(chart, 'opted-out', {
      metadata: { name: 'opted-out' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: { labels: { app: 'x' } }, spec: { hostNetwork: true, containers: [{ name: 'x', image: 'x:1' }] } },
      },
    });
    new k8s.KubeService(chart, 'svc', { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], selector: labels } });
    return chart;
  }

  test('adds istio-init and istio-proxy, agreeing with the installation\'s options', () => {
    const chart = appChart();
    injectSidecars(chart, { props: { mode: 'strict', tag: '1.2.2-custom' } });
    const [web, hostNet, svc] = Testing.synth(chart);
    const spec = web.spec.template.spec;
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['istio-init']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['web', 'istio-proxy']);
    const proxy = spec.containers[1];
    expect(proxy.image).toBe('docker.io/istio/proxyv2:1.2.2-custom');
    expect(proxy.args).toEqual(expect.arrayContaining(['MUTUAL_TLS', 'istio-pilot.istio-system:15011', 'web.$(POD_NAMESPACE)']));
    // The demo profile's proxy resources, as the installation's injector would apply them.
    expect(proxy.resources.requests).toEqual({ cpu: '10m', memory: '40Mi' });
    expect(JSON.parse(web.spec.template.metadata.annotations['sidecar.istio.io/status']).containers).toEqual(['istio-proxy']);
    // Host-network pods and non-workloads are left alone.
    expect(hostNet.spec.template.spec.containers).toHaveLength(1);
    expect(svc.spec).toEqual({ ports: [{ port: 80 }], selector: { app: 'web' } });
  });

  test('injecting twice changes nothing the second time', () => {
    const chart = appChart();
    injectSidecars(chart);
    const once = JSON.stringify(Testing.synth(chart));
    injectSidecars(chart);
    expect(JSON.stringify(Testing.synth(chart))).toBe(once);
  });

  test('fails when a workload has a bad injection annotation, naming it', () => {
    const chart = new Chart(Testing.app(), 'bad');
    new k8s.KubePod(chart, 'p', {
      metadata: { name: 'p', annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': 'http' } },
      spec: { containers: [{ name: 'p', image: 'p:1' }] },
    });
    expect(() => injectSidecars(chart)).toThrow(/invalid value 'http' for annotation 'traffic.sidecar.istio.io\/includeInboundPorts'/);
  });
});
