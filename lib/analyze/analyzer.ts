/** What an analyzer is: a named pure function from the resource index to the messages it reports. */
import { Message } from './messages';
import { CollectionName, Resource, ResourceIndex } from './resources';

/** A message about one resource. */
export interface Diagnostic {
  readonly resource: Resource;
  readonly message: Message;
}

export interface Analyzer {
  /** Istio's name for it (`package.Type` of its Go implementation), e.g. `virtualservice.DestinationRuleAnalyzer`. */
  readonly name: string;
  readonly description: string;
  /** The collections it reads. */
  readonly inputs: readonly CollectionName[];
  /** The messages it reports. */
  readonly analyze: (index: ResourceIndex, context: AnalysisContext) => Diagnostic[];
}

/** What the analysis knows beyond the resources: the mesh configuration. */
export interface AnalysisContext {
  /** The mesh's root namespace (`rootNamespace` of the mesh config): its DestinationRules apply to every namespace. */
  readonly rootNamespace: string;
}

export const report = (resource: Resource, message: Message): Diagnostic => ({ resource, message });
