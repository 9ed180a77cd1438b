import { App } from 'cdk8s';
import { Istio } from './lib';

/** The charts of the default output (`npm run synth`, committed as dist/): the release's demo profile. */
export function buildApp(app: App): Istio {
  return new Istio(app, 'istio');
}

// `cdk8s synth` runs this file (cdk8s.yaml); main.test.ts imports it and synthesizes in memory instead.
if (require.main === module) {
  const app = new App();
  buildApp(app);
  app.synth();
}
