import { DashboardFile } from './builder';
import { galleyDashboard } from './galley-dashboard';
import { istioMeshDashboard } from './istio-mesh-dashboard';
import { istioPerformanceDashboard } from './istio-performance-dashboard';
import { istioServiceDashboard } from './istio-service-dashboard';
import { istioWorkloadDashboard } from './istio-workload-dashboard';
import { mixerDashboard } from './mixer-dashboard';
import { pilotDashboard } from './pilot-dashboard';

export type { DashboardFile } from './builder';

/** The dashboards Istio ships with Grafana, in the release's order (the chart globs `dashboards/*.json`: by file name). */
export function istioDashboards(): DashboardFile[] {
  return [
    galleyDashboard(),
    istioMeshDashboard(),
    istioPerformanceDashboard(),
    istioServiceDashboard(),
    istioWorkloadDashboard(),
    mixerDashboard(),
    pilotDashboard(),
  ];
}
