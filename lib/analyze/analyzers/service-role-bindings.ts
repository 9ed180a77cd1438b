/** IST0101 for ServiceRoleBindings whose `roleRef` names a ServiceRole that does not exist in their namespace. */
import { Analyzer, report } from '../analyzer';
import { msg } from '../messages';
import { isObject, obj, str } from '../resources';

export const serviceRoleBindings: Analyzer = {
  name: 'auth.ServiceRoleBindingAnalyzer',
  description: 'Checks the validity of service role bindings',
  inputs: ['ServiceRole', 'ServiceRoleBinding'],
  analyze: (index) => index.list('ServiceRoleBinding').flatMap((b) => {
    const roleRef = obj(b.manifest.spec).roleRef;
    // A binding without roleRef is a schema error, reported elsewhere.
    if (!isObject(roleRef)) return [];
    const role = str(roleRef.name);
    return index.find('ServiceRole', b.namespace, role) ? [] : [report(b, msg.referencedResourceNotFound('service role', role))];
  }),
};
