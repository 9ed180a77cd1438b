import { dashboard, DashboardFile } from './builder';

/** PLACEHOLDER: being written. */
export function istioServiceDashboard(): DashboardFile {
  return { name: 'istio-service-dashboard', dashboard: dashboard({ title: '', panels: [] }) };
}
