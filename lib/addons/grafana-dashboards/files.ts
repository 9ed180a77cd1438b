/**
 * Istio's dashboards as the files Grafana reads (`<name>.json`, one ConfigMap each). They are the same for every
 * installation, so they are serialized once per process; the CLI bundle serializes them once when it is built
 * (scripts/build-cli.js), since this function's result depends on nothing but the typed dashboards.
 */
import { istioDashboards } from './index';

/** A dashboard as a file: its name and its JSON text. */
export interface DashboardText {
  readonly name: string;
  readonly json: string;
}

let texts: ReadonlyArray<DashboardText> | undefined;

/** The dashboards' files, in the release's order. */
export function dashboardFiles(): ReadonlyArray<DashboardText> {
  texts ??= istioDashboards().map((d) => ({ name: d.name, json: JSON.stringify(d.dashboard) }));
  return texts;
}
