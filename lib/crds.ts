import { Construct } from 'constructs';
import { OrderedChart } from './ordered-chart';
import { IstioConfig } from './options';

export interface IstioCrdsProps {
  readonly config: IstioConfig;
}

/** PLACEHOLDER: being written. The chart with the 28 CRDs. */
export class IstioCrds extends OrderedChart {
  constructor(scope: Construct, id: string, props: IstioCrdsProps) {
    super(scope, id, { disableResourceNameHashes: true });
    void props;
  }
}
