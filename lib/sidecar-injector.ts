import { Construct } from 'constructs';
import { IstioConfig } from './options';

/** PLACEHOLDER: being written. */
export class SidecarInjector extends Construct {
  constructor(scope: Construct, id: string, config: IstioConfig) {
    super(scope, id);
    void config;
  }
}
