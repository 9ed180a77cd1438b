/** The destinations a VirtualService routes to (shared by the VirtualService analyzers). */
import { Json, list, obj, Resource } from '../resources';

/** Every route destination: TCP, TLS and HTTP routes, and HTTP mirrors. */
export function routeDestinations(vs: Resource): Json[] {
  const spec = obj(vs.manifest.spec);
  const out: Json[] = [];
  const routes = (r: unknown) => list(obj(r).route).map((rd) => obj(obj(rd).destination));
  for (const r of list(spec.tcp)) out.push(...routes(r));
  for (const r of list(spec.tls)) out.push(...routes(r));
  for (const r of list(spec.http)) {
    out.push(...routes(r));
    if (obj(r).mirror !== undefined && obj(r).mirror !== null) out.push(obj(obj(r).mirror));
  }
  return out;
}
