import { dashboard, DashboardFile } from './builder';

/** PLACEHOLDER: being written. */
export function galleyDashboard(): DashboardFile {
  return { name: 'galley-dashboard', dashboard: dashboard({ title: '', panels: [] }) };
}
