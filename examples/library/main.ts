// A platform team's own cdk8s app: Istio in strict mode, the ingress gateway on node ports, Pilot scaled up,
// Kiali with the team's own Secret. The README shows this file; the test suite compiles and runs it.
import { App } from 'cdk8s';
import { Istio } from 'cdk8s-istio';

const app = new App();
new Istio(app, 'istio', {
  mode: 'strict',
  ingressGateway: { type: 'NodePort' },
  values: {
    pilot: { autoscaleMin: 2 },
    kiali: { createDemoSecret: false, dashboard: { secretName: 'kiali-login' } },
  },
});
app.synth();
