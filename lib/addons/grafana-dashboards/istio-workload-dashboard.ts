import { dashboard, DashboardFile } from './builder';

/** PLACEHOLDER: being written. */
export function istioWorkloadDashboard(): DashboardFile {
  return { name: 'istio-workload-dashboard', dashboard: dashboard({ title: '', panels: [] }) };
}
