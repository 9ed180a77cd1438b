import { App } from 'cdk8s';
import { Istio } from './lib';

// The default output (`npm run synth`, committed as dist/): the release's demo profile.
const app = new App();
new Istio(app, 'istio');
app.synth();
